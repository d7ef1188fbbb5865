import type { Config } from '../../lib/config';

/**
 * The one interface every stored file's bytes go through, whatever the file is (photos now;
 * signatures, PDFs and archive documents later: the store takes any bytes and type the calling
 * service allowed). Two implementations, chosen by FILE_STORE:
 * - `local` (local-store.ts): one file per id under FILES_DIR, shown through signed, expiring
 *   gateway links `/files/<id>?exp&sig`;
 * - `cloudbase` (cloudbase-store.ts): CloudBase cloud storage through WeChat's tcb HTTP API, shown
 *   through CloudBase's temporary links (`max_age`).
 * A record keeps the `key` its store gave the bytes (local: the file id; CloudBase: the fileID).
 * Links are made only by services that checked the caller may see the record the file belongs to.
 */
export interface FileStore {
  readonly kind: Config['fileStore']['kind'];
  /**
   * Stores the bytes of a new file `id` (of `communityId`, type `mime`); returns the key that names
   * them in this store. Throws AppError FILE.STORE_UNAVAILABLE when the store refused or failed.
   */
  put(id: string, bytes: Buffer, meta: { mime: string; communityId: string }): Promise<string>;
  /**
   * The bytes under `key`, or null when there are none. With `maxBytes`, at most maxBytes + 1 bytes
   * are read (a longer answer means the file is larger than allowed).
   */
  get(key: string, opts?: { maxBytes?: number }): Promise<Buffer | null>;
  /** Deletes the bytes under each key; a key with nothing under it is no error. */
  delete(keys: readonly string[]): Promise<void>;
  /**
   * Links that show the files, each working for at least FILE_LINK_TTL_MINUTES (or `ttlMs`: archived
   * documents' short-lived links, ARCHIVE_LINK_TTL_MINUTES) and then refused.
   * A key whose bytes the store knows to be gone has no entry.
   */
  links(keys: readonly string[], opts?: { ttlMs?: number }): Promise<Map<string, string>>;
}

const ID = /^f_[a-f0-9]{24}$/;

export function isFileId(id: string): boolean {
  return ID.test(id);
}
