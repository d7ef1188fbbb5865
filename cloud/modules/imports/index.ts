/**
 * imports — managers' import and export of the community's lists (房屋 / 住户 / 车辆) as Excel or
 * CSV. The public API of the module: other modules, the cloud functions and the runtime import this
 * file only.
 */
export { access } from './imports.access';
export { commit, exportList, history, preview, template } from './import.service';
export { deleteUnusedPreviews } from './batch-rows';
