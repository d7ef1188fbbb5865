/**
 * files — uploaded photos (and later documents): stored through one file store, served only by
 * short-lived signed links. The public API of the module: other modules, the cloud functions and
 * the runtime import this file only.
 */
export { attachPhotos, ownPhotos, photoLinks, readPhoto, upload } from './file.service';
export { verifySignedUrl } from './file-store';
export { cleanupUnattachedPhotos } from './cleanup.job';
