/**
 * renovation — 二次装修: the owner's application (works, forbidden works flagged, contractor and
 * workers, the signed 承诺书 and 协议书, its bills), review and approval (the 装修许可证 and a
 * 装修出入证 per worker checked at the gate, working hours, the neighbours' notice), site patrols
 * with 整改通知 and suspension, completion (验收) and the deposit's refund, and the manager's board.
 * The public API of the module: the cloud functions and the runtime import this file only.
 */
export { access } from './renovation.access';
// --- application ---
// --- approval, permit & passes ---
// --- patrols & violations ---
// --- completion, deposit & board ---
