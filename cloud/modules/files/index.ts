/**
 * files — uploaded photos and documents: stored through one file store (local disk or CloudBase
 * storage, FILE_STORE), shown only through expiring links. The public API of the module: other
 * modules, the cloud functions and the runtime import this file only.
 */
export { attachPhotos, deleteFiles, documentLinks, fileMetas, ownPhotos, photoLinks, readPhoto, register, registerDocument, upload } from './file.service';
export { issueDocumentTicket, receiveDocument, UPLOAD_TICKET_TTL_MS, type DocumentTicket, type ReceivedDocument } from './document.service';
export { sniffPhoto, sniffType, type SniffedType } from './sniff';
export { verifySignedUrl } from './local-store';
export { cleanupUnattachedPhotos } from './cleanup.job';
