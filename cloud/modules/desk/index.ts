/**
 * desk — the reception desk (接待台): inquiries (咨询) with promised replies, the call and visit log
 * (来电 · 来访登记) with visitors and release passes (放行条), the one owner view (客户一户一档) and the
 * desk's figures. The public API of the module: the cloud functions and the runtime import this file only.
 */
export { access } from './desk.access';
// --- inquiries ---
// --- contacts, visitors and release passes ---
// --- owner view ---
// --- figures ---
