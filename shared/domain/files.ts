/**
 * Stored files, as both sides see them.
 *
 * CloudBase mode: the folder of cloud storage a person uploads into with `Taro.cloud.uploadFile`
 * (`cloudPath` = this + a name of the client's choosing). `files.register` accepts only files in the
 * caller's own folder of their active community (cloud/modules/files/file.service.ts).
 */
export const uploadFolder = (communityId: string, userId: string): string => `uploads/${communityId}/${userId}/`;

/**
 * The types of documents the archive takes (档案上传), read from the CONTENT (cloud/modules/files
 * `sniffType`): PDF, photos, Office (OOXML, and the legacy OLE compound formats).
 */
export const DOCUMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The file-name extensions of each document type (the first is the one a stored file gets). */
export const DOCUMENT_EXTENSIONS: Record<DocumentType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
};

/** What people call each type (shown in lists and refusals). */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPT 演示文稿',
  'application/msword': 'Word 97-2003 文档',
  'application/vnd.ms-excel': 'Excel 97-2003 表格',
  'application/vnd.ms-powerpoint': 'PPT 97-2003 演示文稿',
};

/** The legacy Office types: one OLE compound container, told apart only by the declared type. */
export const OLE_TYPES: readonly DocumentType[] = ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'];

export const isDocumentType = (t: string): t is DocumentType => (DOCUMENT_TYPES as readonly string[]).includes(t);

/** The document type a file name says (by its extension), or null. */
export function documentTypeOfName(fileName: string): DocumentType | null {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (!ext) return null;
  return DOCUMENT_TYPES.find((t) => DOCUMENT_EXTENSIONS[t].includes(ext)) ?? null;
}

/** The `accept` list of a file chooser for documents (H5 input, weapp extension filter). */
export const DOCUMENT_ACCEPT = DOCUMENT_TYPES.flatMap((t) => DOCUMENT_EXTENSIONS[t]);
