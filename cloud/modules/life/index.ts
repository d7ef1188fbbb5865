/**
 * life — community life (社区文化): surveys (调研 · 年度满意度调查) with live results and their
 * export, activities (计划 → 审核 → 报名 → 签到 → 反馈), and the community's notice boards (宣传栏)
 * with the weekly check. The public API of the module: the cloud functions and the runtime import
 * this file only.
 */
export { access } from './life.access';
// --- surveys ---
// --- results & satisfaction ---
// --- activities ---
// --- notice boards ---
