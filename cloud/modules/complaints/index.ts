/**
 * complaints — complaints (投诉) from owners, staff, low repair ratings, unhappy follow-ups and group
 * chat incidents: handling, deadlines, replies, follow-ups, reports. The public API of the module:
 * other modules, the cloud functions and the runtime import this file only.
 */
export { access } from './complaints.access';
export {
  accept,
  afterFollowUp,
  assign,
  close,
  complaintsAbout,
  confirm,
  fromIncident,
  fromInquiry,
  fromRepair,
  get,
  handlers,
  investigate,
  list,
  mine,
  record,
  reply,
  setAboutUnit,
  submit,
  unhappy,
  unitsWithOpenDisputes,
} from './complaint.service';
export { board, complaintFiguresByAgent, dashboardFigures, monthly, openForDesk, type ComplaintHandlerRow } from './reports';
export { complaintsOfOwner } from './owner-reads';
export { saveSettings, settingsOf } from './settings.service';
export { runComplaintSla } from './sla.job';
