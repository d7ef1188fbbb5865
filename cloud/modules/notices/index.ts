/**
 * notices — the notice board (通知 · 通告 · 温馨提示): templates, audiences, publishing with pushes,
 * reads and calls to units that have not read. The public API of the module: other modules, the
 * cloud functions and the runtime import this file only.
 */
export { access } from './notices.access';
export { audiences, reach, saveAudience } from './audience';
export { board, callUnread, check, get, importantUnread, list, open, publish, stats, unread, update, withdraw } from './notice.service';
export { preview, saveTemplate, templates } from './templates.service';
export { publishFromLibrary } from './library-publish';
export { seedingDemo } from './seeded-content';
export { unreadNoticesOf, type UnreadNotice } from './owner-reads';
