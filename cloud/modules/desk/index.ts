/**
 * desk — the reception desk (接待台): inquiries (咨询) with promised replies, the call and visit log
 * (来电 · 来访登记) with visitors and release passes (放行条), the one owner view (客户一户一档) and the
 * desk's figures. The public API of the module: the cloud functions and the runtime import this file only.
 */
export { access } from './desk.access';
// --- inquiries ---
export {
  acknowledge as acknowledgeInquiry,
  answer as answerInquiry,
  ask as askInquiry,
  assign as assignInquiry,
  close as closeInquiry,
  convert as convertInquiry,
  get as getInquiry,
  list as listInquiries,
  mine as myInquiries,
  rate as rateInquiry,
  record as recordInquiry,
} from './inquiry.service';
export { inquirySettingsOf, saveInquirySettings } from './inquiry-settings.service';
export { runInquirySla, type InquirySlaReport } from './inquiry-sla.job';
// --- contacts, visitors and release passes ---
export * from './desk-log';
// --- owner view ---
export { lookup, ownerView, revealPhone, viewAudit } from './owner-view.service';
// --- figures ---
export { figures, inquiryFiguresByAgent, type HandlerRow } from './figures.service';
