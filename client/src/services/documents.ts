/**
 * Archived documents (档案文件), one way per platform (pages never call these platform APIs):
 * - chooseDocument(): H5 — a hidden <input type="file"> taking PDF, photos and Office files (class
 *   `document-picker__input`, so browser tests can set its files); weapp — a file from a WeChat chat
 *   (`Taro.chooseMessageFile`, the same extensions).
 * - uploadDocument(doc, category): the archive's upload ticket (`archives.uploadTicket`: the write
 *   role, the type the name declares, the size), then the raw bytes to the gateway
 *   (`PUT <api base>/upload/<ticket>`: a Blob in the browser, an ArrayBuffer by `Taro.request` in
 *   WeChat) → the stored file's id for `archives.create` / `addVersion` (and the ledger's documents).
 * - openArchiveLink(link): the short-lived link after the access check — a new tab in the browser,
 *   downloaded and opened (openDocument / previewImage) in WeChat.
 * Type and size are checked here first (DOCUMENT_TYPES, ARCHIVE_MAX_BYTES); the server reads the type
 * from the content again. A CloudBase build (`TARO_APP_TRANSPORT=cloud`) puts the bytes into the
 * person's own folder of cloud storage (`Taro.cloud.uploadFile`) and registers them
 * (`archives.registerUpload`: the same checks, read back from storage).
 */
import Taro from '@tarojs/taro';
import type { ArchiveLink } from '@shared/contracts/archives.contract';
import { ARCHIVE_MAX_BYTES, type ArchiveCategory } from '@shared/domain/archives';
import { DOCUMENT_ACCEPT, documentTypeOfName } from '@shared/domain/files';
import type { Envelope } from '@shared/errors';
import { uploadFolder } from '@shared/domain/files';
import { apiBase, call, cloudApi, CloudError } from './cloud';
import { getSession } from './session';

const fail = (message: string) => new CloudError('INTERNAL', message, 0);
const MAX_MB = ARCHIVE_MAX_BYTES / 1024 / 1024;

export interface ChosenDocument {
  name: string;
  size: number;
  /** The type the name declares (the server checks the content against it). */
  mime: string;
  /** H5: the file itself. */
  file?: Blob;
  /** weapp: WeChat's temporary path. */
  filePath?: string;
}

export interface UploadedDocument {
  id: string;
  fileName: string;
  mime: string;
  size: number;
}

/** Why a chosen file cannot be sent, or '' when it may. */
export function documentProblem(name: string, size: number): string {
  if (!documentTypeOfName(name)) return `“${name}”不是支持的文件类型（PDF、图片、Word、Excel、PPT）`;
  if (size <= 0) return `“${name}”是空文件`;
  if (size > ARCHIVE_MAX_BYTES) return `“${name}”超过 ${MAX_MB} MB，请压缩或拆分后再上传`;
  return '';
}

function chooseInBrowser(): Promise<ChosenDocument | null> {
  return new Promise((resolve) => {
    document.querySelectorAll('input.document-picker__input').forEach((old) => old.remove());
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = DOCUMENT_ACCEPT.map((e) => `.${e}`).join(',');
    input.className = 'document-picker__input';
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      resolve({ name: file.name, size: file.size, mime: documentTypeOfName(file.name) ?? file.type, file });
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    input.click();
  });
}

async function chooseInWechat(): Promise<ChosenDocument | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'all', extension: [...DOCUMENT_ACCEPT] });
  } catch {
    return null; // cancelled
  }
  const f = chosen.tempFiles[0];
  if (!f) return null;
  return { name: f.name, size: f.size, mime: documentTypeOfName(f.name) ?? '', filePath: f.path };
}

/** Let the user choose one document (null when they cancel). Call it directly from a tap handler. */
export function chooseDocument(): Promise<ChosenDocument | null> {
  if (process.env.TARO_ENV === 'h5') return chooseInBrowser();
  return chooseInWechat();
}

function readInWechat(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: () => reject(fail('文件读取失败，请重新选择')),
    });
  });
}

function answerOf(status: number, body: unknown): UploadedDocument {
  const env = body as Envelope<UploadedDocument> | undefined;
  if (env && env.ok) return env.data;
  if (env && !env.ok && env.error) throw new CloudError(env.error.code, env.error.message, status, env.error.details, env.error.requestId);
  throw new CloudError('NETWORK', '文件上传失败，请检查网络后重试', status);
}

const random = () => Math.random().toString(36).slice(2, 10);

/** CloudBase: the mini-program puts the bytes into its own cloud-storage folder, then the server registers and checks them. */
async function uploadToCloudStorage(doc: ChosenDocument, category: ArchiveCategory): Promise<UploadedDocument> {
  const me = getSession()?.me;
  if (!me?.communityId || !doc.filePath) throw fail('请先登录并选择小区后再上传文件');
  const ext = (/\.([a-z0-9]+)$/i.exec(doc.name)?.[1] ?? 'bin').toLowerCase();
  const cloudPath = `${uploadFolder(me.communityId, me.userId)}${Date.now()}-${random()}.${ext}`;
  let fileID: string;
  try {
    ({ fileID } = await cloudApi().uploadFile({ cloudPath, filePath: doc.filePath }));
  } catch {
    throw new CloudError('NETWORK', '文件上传失败，请检查网络后重试', 0);
  }
  return call('archives', 'registerUpload', { category, fileName: doc.name, fileId: fileID });
}

/** Upload one chosen document for `category`; its id goes into archives.create / addVersion. */
export async function uploadDocument(doc: ChosenDocument, category: ArchiveCategory): Promise<UploadedDocument> {
  const problem = documentProblem(doc.name, doc.size);
  if (problem) throw fail(problem);
  if (API_TRANSPORT === 'cloud') return uploadToCloudStorage(doc, category);
  const ticket = await call('archives', 'uploadTicket', { category, fileName: doc.name, size: doc.size, ...(doc.mime ? { mime: doc.mime } : {}) });
  const url = `${apiBase()}${ticket.url}`;
  if (process.env.TARO_ENV === 'h5') {
    let res: Response;
    try {
      res = await fetch(url, { method: 'PUT', body: doc.file, headers: { 'content-type': ticket.mime } });
    } catch {
      throw new CloudError('NETWORK', '文件上传失败，请检查网络后重试', 0);
    }
    return answerOf(res.status, await res.json().catch(() => undefined));
  }
  const data = await readInWechat(doc.filePath ?? '');
  let res: Taro.request.SuccessCallbackResult<Record<string, unknown>>;
  try {
    res = await Taro.request({ url, method: 'PUT', data, header: { 'content-type': ticket.mime }, timeout: 120_000 });
  } catch {
    throw new CloudError('NETWORK', '文件上传失败，请检查网络后重试', 0);
  }
  return answerOf(res.statusCode, res.data);
}

/** Open a document through its short-lived link. */
export async function openArchiveLink(link: ArchiveLink): Promise<void> {
  const url = link.url.startsWith('/') && !link.url.startsWith('//') ? `${apiBase()}${link.url}` : link.url;
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  if (link.mime.startsWith('image/')) {
    await Taro.previewImage({ urls: [url], current: url });
    return;
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url });
  if (statusCode !== 200) throw fail('文件链接已过期，请返回重新打开');
  const ext = (/\.([a-z0-9]+)$/i.exec(link.fileName)?.[1] ?? 'pdf').toLowerCase();
  await Taro.openDocument({ filePath: tempFilePath, fileType: ext as 'pdf', showMenu: true });
}
