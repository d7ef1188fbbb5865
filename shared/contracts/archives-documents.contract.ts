import { z } from 'zod';
import { ARCHIVE_CATEGORIES, ARCHIVE_NOTE_MAX, ARCHIVE_PAPER_LOCATION_MAX, ARCHIVE_QUERY_MAX, ARCHIVE_TAG_MAX, ARCHIVE_TAGS_MAX, ARCHIVE_TITLE_MAX, ARCHIVE_VERSION_NOTE_MAX } from '../domain/archives';
import { action, community, objectId, page, pageSize, type Paged } from './contract';
import type { ArchiveDocSummary, ArchiveDocView, ArchiveLink, ArchiveUploadTicket, UnitFileView, UploadedDocumentView } from './archives-documents-view';

/**
 * Archived documents (archives.md "Documents"): an upload ticket for the file's bytes (sent to the
 * gateway's `PUT /upload/<ticket>`), documents with versions, tags, a unit (业主档案) and a paper
 * original; short-lived links after the access check; search; the 业主档案 of a unit.
 * Who reads a category: ARCHIVE_READ_ROLES; who adds to it: ARCHIVE_WRITE_ROLES (checked by the
 * service on the category — a document of a category the caller may not see is 404).
 */

/** Every staff role reads some category. */
const READERS = ['agent', 'technician', 'cashier', 'manager'] as const;
/** Every role that may add to some category (cashiers add to none). */
const WRITERS = ['agent', 'technician', 'manager'] as const;
/** The roles that read owners' papers (业主档案). */
const OWNER_READERS = ['agent', 'cashier', 'manager'] as const;

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const category = z.enum(ARCHIVE_CATEGORIES, { message: '请选择档案类别' });
const title = z.string({ message: '请填写档案名称' }).trim().min(1, '请填写档案名称').max(ARCHIVE_TITLE_MAX, `名称最多${ARCHIVE_TITLE_MAX}字`);
const tag = z.string().trim().min(1, '标签不能为空').max(ARCHIVE_TAG_MAX, `标签最多${ARCHIVE_TAG_MAX}字`);
const tags = z.array(tag).max(ARCHIVE_TAGS_MAX, `最多${ARCHIVE_TAGS_MAX}个标签`).default([]);
const note = z.string().trim().max(ARCHIVE_NOTE_MAX, `备注最多${ARCHIVE_NOTE_MAX}字`).optional();
const paperLocation = z.string().trim().max(ARCHIVE_PAPER_LOCATION_MAX, `存放位置最多${ARCHIVE_PAPER_LOCATION_MAX}字`).optional();
const fileId = z.string({ message: '请先上传文件' }).regex(/^f_[a-f0-9]{24}$/, '文件编号不正确');
const fileName = z.string({ message: '缺少文件名' }).trim().min(1, '缺少文件名').max(100, '文件名过长');
const docRef = { docId: 'archiveDoc' } as const;

export const archivesDocumentActions = {
  /**
   * Staff who may add to the category: a ticket to upload one file (its name declares the type;
   * its size is checked here already: 413 FILE.DOCUMENT_TOO_LARGE past ARCHIVE_MAX_BYTES).
   */
  uploadTicket: action<ArchiveUploadTicket>()(
    z
      .object({
        category,
        fileName,
        mime: z.string().trim().max(100).optional(),
        size: z.number({ message: '缺少文件大小' }).int().min(1, '文件内容为空').max(Number.MAX_SAFE_INTEGER),
      })
      .strict(),
    community([...WRITERS]),
  ),
  /**
   * CloudBase builds: staff who may add to the category register a file the mini-program uploaded itself
   * into their own folder of cloud storage (files.register's checks under the document policy: read back
   * at most ARCHIVE_MAX_BYTES + 1 bytes, 413 past it, type from the content matching the name's). The
   * answer is what the gateway's upload route answers. 409 FILE.WRONG_STORE on a server without CloudBase storage.
   */
  registerUpload: action<UploadedDocumentView>()(
    z
      .object({ category, fileName, fileId: z.string({ message: '缺少云文件 ID' }).trim().min(1, '缺少云文件 ID').max(500, '云文件 ID 过长') })
      .strict(),
    community([...WRITERS]),
  ),
  /** Staff who may add to the category: a new document with its first version (idempotent by request id). */
  create: action<ArchiveDocView>()(
    z
      .object({ requestId, category, title, tags, unitId: objectId.optional(), note, fileId, paperLocation })
      .strict(),
    community([...WRITERS], { unitId: 'unit' }),
  ),
  /** Staff who may add to the category: a new version (the file of an upload; idempotent by request id). */
  addVersion: action<ArchiveDocView>()(
    z.object({ requestId, docId: objectId, fileId, note: z.string().trim().max(ARCHIVE_VERSION_NOTE_MAX, `版本说明最多${ARCHIVE_VERSION_NOTE_MAX}字`).optional() }).strict(),
    community([...WRITERS], docRef),
  ),
  /** Staff who may add to the category: title, tags, note and paper location, all as given (none: no paper original). */
  update: action<ArchiveDocView>()(z.object({ docId: objectId, title, tags, note, paperLocation }).strict(), community([...WRITERS], docRef)),
  /** Manager: remove a document from the archive (kept, status removed; its paper original must not be out). */
  remove: action<{ id: string; removed: true }>()(z.object({ docId: objectId }).strict(), community(['manager'], docRef)),
  /** Staff who read its category: a document, its versions and history. */
  get: action<ArchiveDocView>()(z.object({ docId: objectId }).strict(), community([...READERS], docRef)),
  /** Staff who read its category: a short-lived link to the current version (or `version`). */
  link: action<ArchiveLink>()(z.object({ docId: objectId, version: z.number().int().min(1).max(10_000).optional() }).strict(), community([...READERS], docRef)),
  /** Staff: the documents of the categories they read (one category, or all), found by name/tag/unit (`q`), a tag, a unit; newest first. */
  list: action<Paged<ArchiveDocSummary>>()(
    z
      .object({ category: category.optional(), q: z.string().trim().max(ARCHIVE_QUERY_MAX, `搜索词最多${ARCHIVE_QUERY_MAX}字`).optional(), tag: tag.optional(), unitId: objectId.optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...READERS], { unitId: 'unit' }),
  ),
  /** Staff: the tags in use on the documents they read (of a category, or all), for the chips. */
  tags: action<{ tags: string[] }>()(z.object({ category: category.optional() }).strict().optional().default({}), community([...READERS])),
  /** Staff who read owners' papers: 业主档案 of a unit — its owner documents, its move-in and renovation records. */
  unitFile: action<UnitFileView>()(z.object({ unitId: objectId }).strict(), community([...OWNER_READERS], { unitId: 'unit' })),
};
