/** Complaint pages (registered in app.config.ts: owner, staff and manager sub-packages). */
export const OWNER_COMPLAINTS_PAGE = '/owner/pages/complaints/index';
export const OWNER_COMPLAINT_NEW_PAGE = '/owner/pages/complaint-new/index';
/** Detail: `?id=<complaintId>`. */
export const OWNER_COMPLAINT_PAGE = '/owner/pages/complaint/index';
export const STAFF_COMPLAINTS_PAGE = '/staff/pages/complaints/index';
/** Detail: `?id=<complaintId>`. */
export const STAFF_COMPLAINT_PAGE = '/staff/pages/complaint/index';
export const STAFF_COMPLAINT_NEW_PAGE = '/staff/pages/complaint-new/index';
export const MANAGER_COMPLAINTS_PAGE = '/manager/pages/complaints/index';
