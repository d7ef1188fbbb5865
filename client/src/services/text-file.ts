/**
 * Text files (UTF-8) in and out of the app, one way per platform (pages never call these platform
 * APIs) — for small files the app writes itself, such as the community's lexicon (本小区词库, JSON):
 * - saveTextFile(): H5 — a download (Blob + link); weapp — written to the user data folder, then
 *   WeChat's 发送给朋友 sheet (shareFileMessage) so it can be sent to a chat or to 文件传输助手
 *   (openDocument opens no JSON).
 * - pickTextFile(): H5 — a hidden file <input> (class `text-file__input`, so browser tests can set
 *   its files); weapp — a file from a WeChat chat (chooseMessageFile), read as UTF-8.
 */
import Taro from '@tarojs/taro';
import { CloudError } from './cloud';

const fileError = (message: string) => new CloudError('INTERNAL', message, 0);

export interface PickedText {
  name: string;
  text: string;
}

/** Hand a text file to the user. Resolves once it is downloaded (H5) or offered to share (weapp). */
export async function saveTextFile(fileName: string, text: string, mime = 'application/json'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = new Blob([text], { type: `${mime};charset=utf-8` });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const safeName = fileName.replace(/[\\/:*?"<>|]/g, '_');
  const filePath = `${Taro.env.USER_DATA_PATH}/${safeName}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: text,
      encoding: 'utf8',
      success: () => resolve(),
      fail: () => reject(fileError('文件保存失败，请检查手机存储空间')),
    });
  });
  try {
    await Taro.shareFileMessage({ filePath, fileName: safeName });
  } catch (e) {
    const message = e instanceof Error ? e.message : String((e as { errMsg?: string })?.errMsg ?? '');
    if (/cancel/i.test(message)) return; // the person closed the share sheet
    throw fileError('文件已生成，但无法发送，请在电脑上打开小程序导出');
  }
}

function pickInBrowser(extensions: string[]): Promise<PickedText | null> {
  return new Promise((resolve, reject) => {
    document.querySelectorAll('input.text-file__input').forEach((old) => old.remove());
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((e) => `.${e}`).join(',');
    input.className = 'text-file__input';
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      const reader = new FileReader();
      reader.onload = () => resolve({ name: file.name, text: String(reader.result ?? '') });
      reader.onerror = () => reject(fileError('文件读取失败，请重新选择'));
      reader.readAsText(file, 'utf-8');
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    input.click();
  });
}

async function pickInWechat(extensions: string[]): Promise<PickedText | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  const text = await new Promise<string>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      encoding: 'utf8',
      success: (res) => resolve(String(res.data)),
      fail: () => reject(fileError('文件读取失败，请重新选择')),
    });
  });
  return { name: file.name, text };
}

/** Let the user choose one text file (null when they cancel). Call it directly from a tap handler. */
export function pickTextFile(extensions: string[] = ['json']): Promise<PickedText | null> {
  if (process.env.TARO_ENV === 'h5') return pickInBrowser(extensions);
  return pickInWechat(extensions);
}
