/**
 * Files in and out of the app, one way per platform (pages never call these platform APIs):
 * - pickFile(): H5 — a file <input>; weapp — a file from a WeChat chat (chooseMessageFile),
 *   read as base64 by the file system manager.
 * - saveFile(): H5 — a download (Blob + link); weapp — written to the user data folder and
 *   opened with openDocument (from where it can be forwarded or saved).
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

/** H5: a hidden file input, clicked within the tap (browsers only open the chooser then). */
function pickInBrowser(extensions: string[]): Promise<PickedFile | null> {
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
        const url = String(reader.result ?? '');
        resolve({ name: file.name, size: file.size, contentBase64: url.slice(url.indexOf(',') + 1) });
      };
      reader.onerror = () => reject(fileError('文件读取失败，请重新选择'));
      reader.readAsDataURL(file);
    });
    input.addEventListener('cancel', () => {
      done();
      resolve(null);
    });
    input.click();
  });
}

/** weapp: a file sent in a WeChat chat, read as base64. */
async function pickInWechat(extensions: string[]): Promise<PickedFile | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  const contentBase64 = await new Promise<string>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      encoding: 'base64',
      success: (res) => resolve(String(res.data)),
      fail: () => reject(fileError('文件读取失败，请重新选择')),
    });
  });
  return { name: file.name, size: file.size, contentBase64 };
}

/** Let the user choose one file (null when they cancel). Call it directly from a tap handler. */
export function pickFile(extensions: string[] = ['csv', 'xlsx']): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') return pickInBrowser(extensions);
  return pickInWechat(extensions);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Hand a file from the server to the user: a download in the browser, a document in WeChat. */
export async function saveFile(file: FileToSave): Promise<void> {
  const ext = extensionOf(file.fileName);
  if (process.env.TARO_ENV === 'h5') {
    const blob = new Blob([base64ToBytes(file.contentBase64)], { type: MIME[ext] ?? 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.fileName.replace(/[\\/:*?"<>|]/g, '_')}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: file.contentBase64,
      encoding: 'base64',
      success: () => resolve(),
      fail: () => reject(fileError('文件保存失败，请检查手机存储空间')),
    });
  });
  try {
    await Taro.openDocument({ filePath, fileType: ext as 'xlsx', showMenu: true });
  } catch {
    throw fileError('文件已保存，但无法打开，请在电脑上使用');
  }
}
