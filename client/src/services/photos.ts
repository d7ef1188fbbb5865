/**
 * Photos people attach (repair reports, completion photos), one way per platform (pages never
 * call these platform APIs):
 * - choosePhotos(): weapp — Taro.chooseImage (album or camera, compressed), read as base64 by
 *   the file system manager; H5 — a hidden <input type="file" accept="image/*" multiple>
 *   (class `photo-picker__input`, so browser tests can set its files), read by a FileReader.
 * - uploadPhoto(), one photo per call, one way per transport (files.contract.ts):
 *   gateway — files.upload with the photo as base64; CloudBase (`TARO_APP_TRANSPORT=cloud`) —
 *   Taro.cloud.uploadFile into the person's own folder of cloud storage (`uploads/<communityId>/
 *   <userId>/…`), then files.register with the fileID it answered (the server reads the bytes back).
 * Type and size are checked here first (PHOTO_TYPES, PHOTO_MAX_BYTES); the server checks the bytes again.
 */
import Taro from '@tarojs/taro';
import type { FILE_PURPOSES, UploadedFile } from '@shared/contracts/files.contract';
import { uploadFolder } from '@shared/domain/files';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from '@shared/domain/repairs';
import { apiBase, call, cloudApi, CloudError } from './cloud';
import { getSession } from './session';

type FilePurpose = (typeof FILE_PURPOSES)[number];

const photoError = (message: string) => new CloudError('INTERNAL', message, 0);
const READ_FAILED = '照片读取失败，请重新选择';
const MAX_MB = PHOTO_MAX_BYTES / 1024 / 1024;

export interface PickedPhoto {
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  /** The bytes as base64 (gateway transport). */
  contentBase64?: string;
  /** WeChat's temporary file path (CloudBase transport: uploaded from there, never read here). */
  filePath?: string;
}

export interface ChosenPhotos {
  photos: PickedPhoto[];
  /** Why some chosen files were left out (wrong type, too large, unreadable), in Chinese. */
  problems: string[];
}

const MIME_BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

function mimeOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return (m && MIME_BY_EXTENSION[m[1].toLowerCase()]) || '';
}

/** The problem with a photo before it is read, or '' when it may be uploaded. */
function photoProblem(name: string, mime: string, size: number): string {
  if (!(PHOTO_TYPES as readonly string[]).includes(mime)) return `“${name}”不是 JPG、PNG 或 WebP 格式的照片`;
  if (size > PHOTO_MAX_BYTES) return `“${name}”超过 ${MAX_MB} MB，请换一张或压缩后再试`;
  return '';
}

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(photoError(READ_FAILED));
    reader.readAsDataURL(file);
  });
}

/** H5: a hidden file input, clicked within the tap (browsers only open the chooser then). */
function chooseInBrowser(max: number): Promise<ChosenPhotos> {
  return new Promise((resolve) => {
    document.querySelectorAll('input.photo-picker__input').forEach((old) => old.remove());
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = max > 1;
    input.className = 'photo-picker__input';
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('change', async () => {
      const files = Array.from(input.files ?? []);
      input.remove();
      const out: ChosenPhotos = { photos: [], problems: [] };
      if (files.length > max) out.problems.push(`最多还能添加 ${max} 张，已选前 ${max} 张`);
      for (const file of files.slice(0, max)) {
        const mime = file.type || mimeOf(file.name);
        const problem = photoProblem(file.name, mime, file.size);
        if (problem) {
          out.problems.push(problem);
          continue;
        }
        try {
          out.photos.push({ name: file.name, mime, size: file.size, contentBase64: await readAsBase64(file) });
        } catch {
          out.problems.push(`“${file.name}”${READ_FAILED}`);
        }
      }
      resolve(out);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve({ photos: [], problems: [] });
    });
    input.click();
  });
}

function readInWechat(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: (res) => resolve(String(res.data)),
      fail: () => reject(photoError(READ_FAILED)),
    });
  });
}

/** weapp: chooseImage from the album or the camera (compressed), each read as base64 (gateway transport) or kept as a path (CloudBase). */
async function chooseInWechat(max: number): Promise<ChosenPhotos> {
  let chosen: Taro.chooseImage.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  } catch {
    return { photos: [], problems: [] }; // cancelled
  }
  const out: ChosenPhotos = { photos: [], problems: [] };
  for (const file of chosen.tempFiles.slice(0, max)) {
    const name = file.path.split('/').pop() || 'photo.jpg';
    // WeChat's compressed photos are JPEGs; the extension tells the rest.
    const mime = mimeOf(name) || (file.type === 'image' || !file.type ? 'image/jpeg' : file.type);
    const problem = photoProblem(name, mime, file.size);
    if (problem) {
      out.problems.push(problem);
      continue;
    }
    if (API_TRANSPORT === 'cloud') {
      out.photos.push({ name, mime, size: file.size, filePath: file.path });
      continue;
    }
    try {
      out.photos.push({ name, mime, size: file.size, contentBase64: await readInWechat(file.path) });
    } catch {
      out.problems.push(`“${name}”${READ_FAILED}`);
    }
  }
  return out;
}

/**
 * Let the user choose up to `max` photos (none when they cancel). Call it directly from a tap
 * handler. Files that cannot be sent are left out and explained in `problems`.
 */
export function choosePhotos(max: number): Promise<ChosenPhotos> {
  if (max <= 0) return Promise.resolve({ photos: [], problems: [] });
  if (process.env.TARO_ENV === 'h5') return chooseInBrowser(max);
  return chooseInWechat(max);
}

/** Upload one chosen photo; its id goes into the report (photoIds / afterPhotoIds). */
export function uploadPhoto(photo: PickedPhoto, purpose: FilePurpose = 'repair'): Promise<UploadedFile> {
  if (API_TRANSPORT === 'cloud') return uploadToCloudStorage(photo, purpose);
  return call('files', 'upload', { purpose, fileName: photo.name, contentBase64: photo.contentBase64 ?? '' });
}

const random = () => Math.random().toString(36).slice(2, 10);

/** CloudBase: the mini-program puts the bytes into cloud storage itself, then the server registers them. */
async function uploadToCloudStorage(photo: PickedPhoto, purpose: FilePurpose): Promise<UploadedFile> {
  const me = getSession()?.me;
  if (!me?.communityId || !photo.filePath) throw photoError('请先登录并选择小区后再上传照片');
  const ext = (/\.([a-z0-9]+)$/i.exec(photo.name)?.[1] ?? 'jpg').toLowerCase();
  const cloudPath = `${uploadFolder(me.communityId, me.userId)}${Date.now()}-${random()}.${ext}`;
  let fileID: string;
  try {
    ({ fileID } = await cloudApi().uploadFile({ cloudPath, filePath: photo.filePath }));
  } catch {
    throw new CloudError('NETWORK', '照片上传失败，请检查网络后重试', 0);
  }
  return call('files', 'register', { purpose, fileName: photo.name, fileId: fileID });
}

/** A photo URL as the image components need it: absolute (a gateway path gets the API base). */
export function photoSrc(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? `${apiBase()}${url}` : url;
}

/** Show photos full screen (swipe between them), starting at `current`. */
export function previewPhotos(urls: string[], current: string): void {
  const all = urls.map(photoSrc);
  Taro.previewImage({ urls: all, current: photoSrc(current) }).catch(() => undefined);
}
