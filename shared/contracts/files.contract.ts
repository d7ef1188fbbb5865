import { z } from 'zod';
import { PHOTO_MAX_BYTES } from '../domain/repairs';
import { action, community } from './contract';

/**
 * Photos people attach (repair reports, completion photos, complaints). Uploaded one at a time as
 * base64 (`upload`), or in CloudBase mode by the mini-program itself and then registered
 * (`register`); checked by their bytes (JPEG, PNG or WebP, at most 5 MB), and referred to by id
 * afterwards.
 */
/**
 * What a photo is for. 'paper': an owner's personal paper (购房合同, 身份证, move-in) — private: only
 * the move-in module attaches it and shows it (to staff, after its own check); nothing else accepts it.
 * 'signature': an owner's signature drawn on the phone at move-in (a PNG the agent uploads) — private
 * the same way: only the move-in checklist takes it, and shows it to staff only.
 */
export const FILE_PURPOSES = ['repair', 'paper', 'signature'] as const;

export interface UploadedFile {
  id: string;
  /** A signed, expiring URL to show it. */
  url: string;
  mime: string;
  size: number;
}

const fileName = z.string().trim().min(1, '缺少文件名').max(100, '文件名过长');

export const filesContract = {
  upload: action<UploadedFile>()(
    z
      .object({
        purpose: z.enum(FILE_PURPOSES).default('repair'),
        fileName,
        // base64 of at most PHOTO_MAX_BYTES (4/3 of it, rounded up to a multiple of 4)
        contentBase64: z
          .string({ message: '缺少文件内容' })
          .min(1, '缺少文件内容')
          .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4, `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`),
      })
      .strict(),
    community(['owner', 'agent', 'technician', 'manager']),
  ),
  /**
   * CloudBase mode: a photo the mini-program uploaded itself (`Taro.cloud.uploadFile`) becomes a
   * stored file like one sent to `upload`: the server checks where it is, reads its bytes (type and
   * size) and counts it against the same quota.
   */
  register: action<UploadedFile>()(
    z
      .object({
        purpose: z.enum(FILE_PURPOSES).default('repair'),
        fileName,
        /** What `Taro.cloud.uploadFile` answered: `cloud://<env>.<bucket>/<uploadFolder (shared/domain/files.ts)><name>`. */
        fileId: z.string().trim().max(1024, '文件编号过长').regex(/^cloud:\/\/\S+$/, '不是云存储的文件编号'),
      })
      .strict(),
    community(['owner', 'agent', 'technician', 'manager']),
  ),
};
