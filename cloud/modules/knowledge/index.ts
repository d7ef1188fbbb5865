/**
 * knowledge — the knowledge base (知识库) and the 话术 library. Low in the module layers (community and
 * lib only), so every module's pages can show its scripts. The public API of the module.
 */
export { access } from './knowledge.access';
// --- articles ---
export { archiveArticle, deleteOldSearchLogs, feedback, get, list, missingAnswers, saveArticle, search, searchFigures } from './articles.service';
export { ensureStarterArticles } from './starter.service';
// --- scripts ---
export { removeScript, restoreScript, saveScript, scriptLibrary, scripts, scriptsFor } from './scripts.service';
export { incidentReplyKey } from './starter-scripts';
