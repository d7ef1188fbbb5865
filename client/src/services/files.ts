/**
 * Files in and out of the app, one way per platform (pages never call these platform APIs):
 * - pickFile(): H5 — a file <input>; weapp — a file from a WeChat chat (chooseMessageFile),
 *   read as base64 by the file system manager.
 * - pickTextFile(): the same, read as UTF-8 text.
 * - saveFile(): H5 — a download (Blob + link); weapp — written to the user data folder and
 *   opened with openDocument (from where it can be forwarded or saved).
 * - saveTextFile(): the same for a text file; weapp — the 发送给朋友 sheet instead of openDocument.
 * Files travel to and from cloud functions as base64 (imports.contract.ts).
 */
import Taro from '@tarojs/taro';
import { CloudError } from './cloud';

const fileError = (message: string) => new CloudError('INTERNAL', message, 0);

export interface PickedFile {
  name: string;
  /** Bytes. */
  size: number;
  contentBase64: string;
}

export interface FileToSave {
  fileName: string;
  contentBase64: string;
}

const MIME: Record<string, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

function extensionOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1].toLowerCase() : '';
}

type Read = 'base64' | 'text';
interface Picked {
  name: string;
  size: number;
  /** base64, or the text decoded as UTF-8. */
  content: string;
}

/** H5: a hidden file input, clicked within the tap (browsers only open the chooser then). */
function pickInBrowser(extensions: string[], read: Read): Promise<Picked | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((e) => `.${e}`).join(',');
    input.className = 'file-picker__input';
    input.style.display = 'none';
    document.body.appendChild(input);
    const done = () => input.remove();
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      done();
      if (!file) return resolve(null);
      const reader = new FileReader();
      reader.onload = () => {
        const result = String(reader.result ?? '');
        resolve({ name: file.name, size: file.size, content: read === 'text' ? result : result.slice(result.indexOf(',') + 1) });
      };
      reader.onerror = () => reject(fileError('文件读取失败，请重新选择'));
      if (read === 'text') reader.readAsText(file, 'utf-8');
      else reader.readAsDataURL(file);
    });
    input.addEventListener('cancel', () => {
      done();
      resolve(null);
    });
    input.click();
  });
}

/** weapp: a file sent in a WeChat chat, read by the file system manager. */
async function pickInWechat(extensions: string[], read: Read): Promise<Picked | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  const content = await new Promise<string>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      encoding: read === 'text' ? 'utf8' : 'base64',
      success: (res) => resolve(String(res.data)),
      fail: () => reject(fileError('文件读取失败，请重新选择')),
    });
  });
  return { name: file.name, size: file.size, content };
}

function pick(extensions: string[], read: Read): Promise<Picked | null> {
  return process.env.TARO_ENV === 'h5' ? pickInBrowser(extensions, read) : pickInWechat(extensions, read);
}

/** Let the user choose one file (null when they cancel). Call it directly from a tap handler. */
export async function pickFile(extensions: string[] = ['csv', 'xlsx']): Promise<PickedFile | null> {
  const file = await pick(extensions, 'base64');
  return file && { name: file.name, size: file.size, contentBase64: file.content };
}

export interface PickedText {
  name: string;
  text: string;
}

/** The same for a small UTF-8 text file the app wrote itself (本小区词库's JSON). */
export async function pickTextFile(extensions: string[]): Promise<PickedText | null> {
  const file = await pick(extensions, 'text');
  return file && { name: file.name, text: file.content };
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** H5: a download of the blob through a hidden link. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** weapp: written to the user data folder; resolves with its path. */
function writeUserFile(fileName: string, data: string, encoding: 'base64' | 'utf8'): Promise<{ filePath: string; safeName: string }> {
  const safeName = fileName.replace(/[\\/:*?"<>|]/g, '_');
  const filePath = `${Taro.env.USER_DATA_PATH}/${safeName}`;
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data,
      encoding,
      success: () => resolve({ filePath, safeName }),
      fail: () => reject(fileError('文件保存失败，请检查手机存储空间')),
    });
  });
}

/** Hand a file from the server to the user: a download in the browser, a document in WeChat. */
export async function saveFile(file: FileToSave): Promise<void> {
  const ext = extensionOf(file.fileName);
  if (process.env.TARO_ENV === 'h5') return download(new Blob([base64ToBytes(file.contentBase64)], { type: MIME[ext] ?? 'application/octet-stream' }), file.fileName);
  const { filePath } = await writeUserFile(file.fileName, file.contentBase64, 'base64');
  try {
    await Taro.openDocument({ filePath, fileType: ext as 'xlsx', showMenu: true });
  } catch {
    throw fileError('文件已保存，但无法打开，请在电脑上使用');
  }
}

/**
 * Hand a small text file the app wrote itself to the user (本小区词库's JSON): a download in the
 * browser; in WeChat, written to the user data folder and offered in the 发送给朋友 sheet
 * (shareFileMessage: to a chat or 文件传输助手), since openDocument opens no JSON.
 */
export async function saveTextFile(fileName: string, text: string, mime = 'application/json'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return download(new Blob([text], { type: `${mime};charset=utf-8` }), fileName);
  const { filePath, safeName } = await writeUserFile(fileName, text, 'utf8');
  try {
    await Taro.shareFileMessage({ filePath, fileName: safeName });
  } catch (e) {
    const message = e instanceof Error ? e.message : String((e as { errMsg?: string })?.errMsg ?? '');
    if (/cancel/i.test(message)) return; // the person closed the share sheet
    throw fileError('文件已生成，但无法发送，请在电脑上打开小程序导出');
  }
}
