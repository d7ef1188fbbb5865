/**
 * files — uploaded photos (and later documents): stored through one file store (local disk or
 * CloudBase storage, FILE_STORE), shown only through expiring links. The public API of the module:
 * other modules, the cloud functions and the runtime import this file only.
 */
export { attachPhotos, deleteFiles, ownPhotos, photoLinks, readPhoto, register, upload } from './file.service';
export { verifySignedUrl } from './local-store';
export { cleanupUnattachedPhotos } from './cleanup.job';
