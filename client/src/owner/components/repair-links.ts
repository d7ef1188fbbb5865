/** Owner repair pages (registered in app.config.ts, owner sub-package). */
export const REPAIRS_PAGE = '/owner/pages/repairs/index';
export const REPAIR_NEW_PAGE = '/owner/pages/repair-new/index';
/** Detail: `?id=<repairId>`. */
export const REPAIR_PAGE = '/owner/pages/repair/index';
