import type { Paged } from '@shared/contracts/contract';
import type { ArchiveDocSummary, ArchiveDocView, ArchiveLink, ArchiveUploadTicket, ArchiveVersionView, UnitFileView, UploadedDocumentView } from '@shared/contracts/archives-documents-view';
import { ARCHIVE_CATEGORY_LABELS, ARCHIVE_MAX_BYTES, canWriteCategory, readableCategories, type ArchiveCategory } from '@shared/domain/archives';
import { AppError } from '../../lib/app-error';
import { hasRole, type Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision } from '../../lib/revision';
import { unitOf } from '../community';
import { attachPhotos, documentLinks, fileMetas, issueDocumentTicket, ownPhotos, registerDocument } from '../files';
import { unitMoveInEntries } from '../movein';
import { unitRenovationEntries } from '../renovation';
import { ArchiveDoc, type ArchiveDocRecord } from './archive-doc.model';
import { inCommunity, seesCategory } from './archives.access';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
type Version = ArchiveDocRecord['versions'][number];

const DOC_SPEC = { kind: 'archiveDoc', model: ArchiveDoc as never, notFound: 'ARCHIVE.NOT_FOUND' as const };
/** The file purpose of archived documents (files module): only the archive attaches them. */
const PURPOSE = 'archive';
/** 业主档案 shows at most this many owner documents of a unit. */
const UNIT_FILE_MAX = 100;

const cid = (caller: Caller) => new ObjectId(caller.communityId);
const iso = (d: Date | string) => new Date(d).toISOString();
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

/** The caller may add to `category` (ARCHIVE_WRITE_ROLES); a category they do not even see is refused alike. */
function checkWrite(caller: Caller, category: ArchiveCategory): void {
  if (!canWriteCategory(caller.roles, category)) throw new AppError('AUTH.FORBIDDEN', `无权在「${ARCHIVE_CATEGORY_LABELS[category]}」类别中添加或修改档案`);
}

/** A document the caller may see: of their community, active, of a category their role reads — else 404. */
async function loadDoc(caller: Caller, docId: string | Id): Promise<ArchiveDocRecord> {
  const d = (await ArchiveDoc.findById(new ObjectId(String(docId))).lean()) as ArchiveDocRecord | null;
  if (!d || d.status !== 'active' || !inCommunity(caller, d) || !seesCategory(caller, d.category)) throw new AppError('ARCHIVE.NOT_FOUND');
  return d;
}

/** Tags trimmed, without repeats, in the order given. */
const cleanTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** What search matches: title, tags, unit, current file name — lower-cased (no text index on FerretDB). */
function searchTextOf(d: { title: string; tags: readonly string[]; unitLabel?: string | null; fileName?: string }): string {
  return [d.title, ...d.tags, d.unitLabel ?? '', d.fileName ?? ''].join(' ').toLowerCase();
}

function versionView(v: Version): ArchiveVersionView {
  return { no: v.no, fileName: v.fileName, mime: v.mime, size: v.size, ...(v.note ? { note: v.note } : {}), at: iso(v.at), byName: v.byName };
}

function summaryOf(d: ArchiveDocRecord): ArchiveDocSummary {
  const last = d.versions[d.versions.length - 1];
  return {
    id: String(d._id),
    category: d.category as ArchiveCategory,
    title: d.title,
    tags: [...(d.tags ?? [])],
    ...(d.unitId ? { unitId: String(d.unitId) } : {}),
    ...(d.unitLabel ? { unitLabel: d.unitLabel } : {}),
    current: last ? versionView(last) : null,
    versionCount: d.versions.length,
    ...(d.paper?.location ? { paper: { location: d.paper.location } } : {}),
    ...(d.onLoan ? { onLoan: { borrowerName: d.onLoan.borrowerName, dueOn: d.onLoan.dueOn } } : {}),
    updatedAt: iso(d.updatedAt),
    byName: d.byName,
  };
}

function viewOf(caller: Caller, d: ArchiveDocRecord): ArchiveDocView {
  const write = canWriteCategory(caller.roles, d.category as ArchiveCategory);
  return {
    ...summaryOf(d),
    ...(d.note ? { note: d.note } : {}),
    versions: [...d.versions].reverse().map(versionView),
    usedBy: [...(d.usedBy ?? [])],
    history: (d.history ?? []).map((h) => ({ at: iso(h.at), event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
    can: { edit: write, addVersion: write, remove: hasRole(caller, 'manager') && !d.onLoan },
  };
}

/** A version of `fileId`: the caller's own archive upload of this community (else 404 FILE.NOT_FOUND). */
async function versionOf(caller: Caller, fileId: string, no: number, note: string | undefined, requestKey?: string): Promise<Version> {
  await ownPhotos(caller, [fileId], { private: PURPOSE });
  const meta = (await fileMetas([fileId])).get(fileId);
  if (!meta) throw new AppError('FILE.NOT_FOUND', '文件不存在，请重新上传');
  return { no, fileId, fileName: meta.fileName, mime: meta.mime, size: meta.size, ...(note ? { note } : {}), at: now(), byId: new ObjectId(caller.userId), byName: caller.name, ...(requestKey ? { requestKey } : {}) } as Version;
}

// ---------------------------------------------------------------------------------------------
// Upload and writes

/** archives.uploadTicket: where to PUT one file for the category (the size checked already: 413 past ARCHIVE_MAX_BYTES). */
export function uploadTicket(caller: Caller, input: { category: ArchiveCategory; fileName: string; mime?: string; size: number }): ArchiveUploadTicket {
  checkWrite(caller, input.category);
  const t = issueDocumentTicket(caller, { purpose: PURPOSE, fileName: input.fileName, mime: input.mime, size: input.size, maxBytes: ARCHIVE_MAX_BYTES });
  return { ticket: t.ticket, url: t.url, mime: t.mime, maxBytes: t.maxBytes, expiresAt: t.expiresAt };
}

/** archives.registerUpload (CloudBase builds): a file the mini-program put into the caller's own cloud-storage folder, checked as a document. */
export async function registerUpload(caller: Caller, input: { category: ArchiveCategory; fileName: string; fileId: string }): Promise<UploadedDocumentView> {
  checkWrite(caller, input.category);
  const f = await registerDocument(caller, { purpose: PURPOSE, fileName: input.fileName, fileId: input.fileId, maxBytes: ARCHIVE_MAX_BYTES });
  return { id: f.id, fileName: input.fileName, mime: f.mime, size: f.size };
}

export interface CreateDocInput {
  requestId: string;
  category: ArchiveCategory;
  title: string;
  tags: string[];
  unitId?: string;
  note?: string;
  fileId: string;
  paperLocation?: string;
}

/**
 * archives.create: a document with its first version (the caller's upload), idempotent by request id.
 * 业主档案 (`owner`) belongs to a unit (required there, refused elsewhere).
 */
export async function createDoc(caller: Caller, input: CreateDocInput): Promise<ArchiveDocView> {
  checkWrite(caller, input.category);
  if (input.category === 'owner' && !input.unitId) throw invalid('unitId', '业主档案请选择房屋');
  if (input.category !== 'owner' && input.unitId) throw invalid('unitId', '只有业主档案关联房屋');
  const key = `archiveDoc:${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<ArchiveDocRecord>({
    model: ArchiveDoc,
    key,
    build: async (_id) => {
      const unit = input.unitId ? await unitOf(caller.communityId, input.unitId) : null;
      if (input.unitId && !unit) throw new AppError('UNIT.NOT_FOUND');
      const version = await versionOf(caller, input.fileId, 1, undefined);
      const tags = cleanTags(input.tags);
      return {
        _id,
        communityId: cid(caller),
        requestKey: key,
        category: input.category,
        title: input.title,
        searchText: searchTextOf({ title: input.title, tags, unitLabel: unit?.label, fileName: version.fileName }),
        tags,
        ...(unit ? { unitId: unit._id, unitLabel: unit.label } : {}),
        ...(input.note ? { note: input.note } : {}),
        versions: [version],
        ...(input.paperLocation ? { paper: { location: input.paperLocation } } : {}),
        onLoan: null,
        usedBy: [],
        status: 'active',
        rev: 0,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        history: [{ at: now(), event: 'create', to: 'active', byId: new ObjectId(caller.userId), byName: caller.name, note: version.fileName }],
      };
    },
    beforeInsert: async (record) => attachPhotos([input.fileId], `archiveDoc:${String(record._id)}`),
  });
  return viewOf(caller, doc);
}

/** archives.addVersion: the caller's upload becomes the current version (a replay of the request adds nothing). */
export async function addVersion(caller: Caller, input: { requestId: string; docId: string; fileId: string; note?: string }): Promise<ArchiveDocView> {
  const d = await loadDoc(caller, input.docId);
  checkWrite(caller, d.category as ArchiveCategory);
  const requestKey = `version:${caller.userId}:${input.requestId}`;
  if (d.versions.some((v) => v.requestKey === requestKey)) return viewOf(caller, d);
  const version = await versionOf(caller, input.fileId, 0, input.note, requestKey);
  await attachPhotos([input.fileId], `archiveDoc:${String(d._id)}`);
  const { doc } = await mutateRevision<ArchiveDocRecord>(DOC_SPEC, d._id, actorOf(caller), (cur) => {
    if (cur.status !== 'active') throw new AppError('ARCHIVE.NOT_FOUND');
    if (cur.versions.some((v) => v.requestKey === requestKey)) return null;
    const no = (cur.versions[cur.versions.length - 1]?.no ?? 0) + 1;
    return {
      event: 'version',
      note: `第${no}版 · ${version.fileName}${input.note ? ` · ${input.note}` : ''}`,
      set: { versions: [...cur.versions, { ...version, no }], searchText: searchTextOf({ ...cur, fileName: version.fileName }) },
    };
  });
  return viewOf(caller, doc);
}

/** archives.update: title, tags, note and paper location as given (no location: no paper original — not while it is out). */
export async function updateDoc(caller: Caller, input: { docId: string; title: string; tags: string[]; note?: string; paperLocation?: string }): Promise<ArchiveDocView> {
  const d = await loadDoc(caller, input.docId);
  checkWrite(caller, d.category as ArchiveCategory);
  const tags = cleanTags(input.tags);
  const { doc } = await mutateRevision<ArchiveDocRecord>(DOC_SPEC, d._id, actorOf(caller), (cur) => {
    if (cur.status !== 'active') throw new AppError('ARCHIVE.NOT_FOUND');
    if (!input.paperLocation && cur.paper && cur.onLoan) throw new AppError('ARCHIVE.ALREADY_OUT', `原件已被${cur.onLoan.borrowerName}借出（应于${cur.onLoan.dueOn}归还），归还后才能去掉纸质原件`, { borrowerName: cur.onLoan.borrowerName, dueOn: cur.onLoan.dueOn });
    const same =
      cur.title === input.title &&
      JSON.stringify(cur.tags ?? []) === JSON.stringify(tags) &&
      (cur.note ?? '') === (input.note ?? '') &&
      (cur.paper?.location ?? '') === (input.paperLocation ?? '');
    if (same) return null;
    const fileName = cur.versions[cur.versions.length - 1]?.fileName;
    const unset = [...(input.note ? [] : ['note']), ...(input.paperLocation ? [] : ['paper'])];
    return {
      event: 'edit',
      note: input.title,
      set: {
        title: input.title,
        tags,
        searchText: searchTextOf({ title: input.title, tags, unitLabel: cur.unitLabel, fileName }),
        ...(input.note ? { note: input.note } : {}),
        ...(input.paperLocation ? { paper: { location: input.paperLocation } } : {}),
      },
      ...(unset.length ? { unset } : {}),
    };
  });
  return viewOf(caller, doc);
}

/** archives.remove (managers): the document leaves the archive (kept as removed; not while its paper original is out). */
export async function removeDoc(caller: Caller, input: { docId: string }): Promise<{ id: string; removed: true }> {
  const d = await loadDoc(caller, input.docId);
  await mutateRevision<ArchiveDocRecord>(DOC_SPEC, d._id, actorOf(caller), (cur) => {
    if (cur.status !== 'active') return null;
    if (cur.onLoan) throw new AppError('ARCHIVE.ALREADY_OUT', `原件已被${cur.onLoan.borrowerName}借出（应于${cur.onLoan.dueOn}归还），归还后才能删除`, { borrowerName: cur.onLoan.borrowerName, dueOn: cur.onLoan.dueOn });
    return { event: 'remove', to: 'removed' };
  });
  return { id: String(d._id), removed: true };
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function getDoc(caller: Caller, input: { docId: string }): Promise<ArchiveDocView> {
  return viewOf(caller, await loadDoc(caller, input.docId));
}

/** archives.link: a short-lived link (ARCHIVE_LINK_TTL_MINUTES) to the current version or `version`, made now, after the check. */
export async function linkDoc(caller: Caller, input: { docId: string; version?: number }): Promise<ArchiveLink> {
  const d = await loadDoc(caller, input.docId);
  const v = input.version === undefined ? d.versions[d.versions.length - 1] : d.versions.find((x) => x.no === input.version);
  if (!v) throw new AppError('ARCHIVE.NOT_FOUND', '该版本不存在');
  const ttlMs = getConfig().archiveLinkTtlMs;
  const [link] = await documentLinks([v.fileId], ttlMs);
  if (!link) throw new AppError('FILE.NOT_FOUND', '文件不存在或已被删除');
  return { url: link.url, no: v.no, fileName: v.fileName, mime: v.mime, expiresAt: new Date(now().getTime() + ttlMs).toISOString() };
}

/** The categories of a list: the one asked for when the caller reads it (else none), or all they read. */
function categoriesFor(caller: Caller, category?: ArchiveCategory): ArchiveCategory[] {
  const readable = readableCategories(caller.roles);
  return category ? readable.filter((c) => c === category) : readable;
}

/** archives.list: newest first; `q` matches title, tags, unit and file name (as typed, not a pattern). */
export async function listDocs(caller: Caller, input: { category?: ArchiveCategory; q?: string; tag?: string; unitId?: string; page: number; pageSize: number }): Promise<Paged<ArchiveDocSummary>> {
  const categories = categoriesFor(caller, input.category);
  if (!categories.length) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  const filter: Record<string, unknown> = {
    communityId: cid(caller),
    category: categories.length === 1 ? categories[0] : { $in: categories },
    status: 'active',
    ...(input.tag ? { tags: input.tag.trim() } : {}),
    ...(input.unitId ? { unitId: new ObjectId(input.unitId) } : {}),
  };
  const q = input.q?.trim().toLowerCase();
  if (q) filter.searchText = { $regex: literal(q) };
  return paged({ model: ArchiveDoc, filter, sort: { updatedAt: -1 } }, input, (docs: ArchiveDocRecord[]) => docs.map(summaryOf));
}

/** archives.tags: the tags in use on the documents the caller reads (of one category, or all), sorted. */
export async function docTags(caller: Caller, input: { category?: ArchiveCategory }): Promise<{ tags: string[] }> {
  const categories = categoriesFor(caller, input.category);
  if (!categories.length) return { tags: [] };
  const tags = (await ArchiveDoc.distinct('tags', { communityId: cid(caller), category: categories.length === 1 ? categories[0] : { $in: categories }, status: 'active' })) as string[];
  return { tags: tags.filter((t) => typeof t === 'string' && t).sort((a, b) => a.localeCompare(b, 'zh-CN')).slice(0, 100) };
}

/** archives.unitFile: 业主档案 of a unit — its owner documents here, and what move-in and renovation hold for it. */
export async function unitFile(caller: Caller, input: { unitId: string }): Promise<UnitFileView> {
  const unit = await unitOf(caller.communityId, input.unitId);
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  const filter = { communityId: cid(caller), unitId: unit._id, category: 'owner', status: 'active' };
  const [docs, total, moveIn, renovation] = await Promise.all([
    ArchiveDoc.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(UNIT_FILE_MAX).lean() as Promise<ArchiveDocRecord[]>,
    ArchiveDoc.countDocuments(filter),
    unitMoveInEntries(caller.communityId, input.unitId),
    unitRenovationEntries(caller.communityId, input.unitId),
  ]);
  return {
    unitId: String(unit._id),
    unitLabel: unit.label,
    documents: docs.map(summaryOf),
    moveIn,
    renovation,
    counts: { documents: total, moveIn: moveIn.length, renovation: renovation.length },
  };
}
