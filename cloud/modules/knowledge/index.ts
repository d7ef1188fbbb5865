/**
 * knowledge — the knowledge base (知识库) and the 话术 library. Low in the module layers (community and
 * lib only), so every module's pages can show its scripts. The public API of the module.
 */
export { access } from './knowledge.access';
// --- articles ---
// --- scripts ---
