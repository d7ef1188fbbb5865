/**
 * repairs — repair orders (报修 → 派单 → 维修 → 评价 → 回访), dispatch, deadlines, reports. The public
 * API of the module: other modules, the cloud functions and the runtime import this file only.
 */
export { access } from './repairs.access';
export { repairHooks, type UnhappyOrder } from './repairs.hooks';
export {
  accept,
  afterFollowUp,
  arrive,
  assign,
  cancel,
  claim,
  complete,
  create,
  get,
  list,
  mine,
  orderRef,
  pause,
  queue,
  rate,
  reopen,
  resume,
  returnOrder,
  unitsWithOpenDisputes,
  urge,
  type ReportInput,
} from './repair.service';
export { board, dashboardFigures, openOrdersForDesk, stats, type RepairDeskEntry, type RepairMonthFigures } from './reports';
export { repairSummaries, repairsOfOwner } from './owner-reads';
export { saveSettings, settingsOf } from './settings.service';
export { runRepairSla } from './sla.job';
