/**
 * What the archive's document pages show (archives.md "Documents"). Zod-free: the client imports
 * these types without the schemas.
 */
import type { ArchiveCategory } from '../domain/archives';
import type { PageLink } from '../routes';

/** One version of a document: one stored file. */
export interface ArchiveVersionView {
  no: number;
  fileName: string;
  mime: string;
  size: number;
  note?: string;
  at: string;
  byName: string;
}

/** A document in the lists. */
export interface ArchiveDocSummary {
  id: string;
  category: ArchiveCategory;
  title: string;
  tags: string[];
  unitId?: string;
  unitLabel?: string;
  /** The current (last) version; null only for a document whose versions are gone. */
  current: ArchiveVersionView | null;
  versionCount: number;
  /** Where the paper original is kept (纸质原件), when there is one. */
  paper?: { location: string };
  /** While the paper original is lent (借阅): who has it, until when. */
  onLoan?: { borrowerName: string; dueOn: string };
  updatedAt: string;
  byName: string;
}

export interface ArchiveHistoryItem {
  at: string;
  event: string;
  byName: string;
  note?: string;
}

/** One document: every version (newest first), its note, history, and what the caller may do. */
export interface ArchiveDocView extends ArchiveDocSummary {
  note?: string;
  versions: ArchiveVersionView[];
  /** What uses it in the ledger (`equipment:<id>`, `contract:<id>`). */
  usedBy: string[];
  history: ArchiveHistoryItem[];
  can: { edit: boolean; addVersion: boolean; remove: boolean };
}

/** A short-lived link to one version of a document (made after the access check, each time). */
export interface ArchiveLink {
  url: string;
  no: number;
  fileName: string;
  mime: string;
  expiresAt: string;
}

/** Where to send the bytes of a document: `PUT <gateway base>` + `url` (one use, a few minutes). */
/** A stored file ready to become a document or a version (the upload route's answer, or registerUpload's). */
export interface UploadedDocumentView {
  id: string;
  fileName: string;
  mime: string;
  size: number;
}

export interface ArchiveUploadTicket {
  /** The ticket itself (the last part of `url`). */
  ticket: string;
  url: string;
  /** The type the file's name declares; its content must be the same. */
  mime: string;
  maxBytes: number;
  expiresAt: string;
}

/** What another module holds for a unit (业主档案): a move-in case, a renovation. */
export interface UnitFileEntry {
  title: string;
  /** When it started (ISO). */
  at: string;
  /** Its state, as people read it (已完成, 施工中…). */
  status: string;
  /** Its page (staff). */
  page: PageLink;
}

/** 业主档案 of a unit: its owner papers in the archive, and what move-in and renovation hold for it. */
export interface UnitFileView {
  unitId: string;
  unitLabel: string;
  documents: ArchiveDocSummary[];
  moveIn: UnitFileEntry[];
  renovation: UnitFileEntry[];
  counts: { documents: number; moveIn: number; renovation: number };
}
