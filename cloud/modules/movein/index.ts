/**
 * movein — move-in (业主入住 · 入伙): batches of new buildings with bookable slots, the 入伙手续书
 * checklist per unit (signatures, keys, cards, its PDF), inspection defects that become repairs,
 * owners' papers, 零散入住 and resale (旧楼盘迁入), and the manager's progress. The public API of the
 * module: the cloud functions and the runtime import this file only.
 */
export { access } from './movein.access';
// --- batches & bookings ---
// --- checklist ---
// --- inspection & documents ---
// --- progress, calls & resale ---
