/**
 * sentiment — owner-group messages, negative-sentiment scoring (engine/, lexicon/: the module's own
 * internals) and incidents that agents acknowledge, resolve or turn into repairs and complaints. The
 * public API of the module: other modules, the cloud functions and the runtime import this file only.
 */
export { access } from './sentiment.access';
export { acknowledge, activeIncidents, cleanupMessages, convert, groups, incident, incidents, linkSender, messages, resolve } from './incident.service';
export { importChat, ingest, ingestMessages, type IncomingMessage } from './ingest.service';
export { rulesOf, saveRules } from './settings.service';
export { correct, corrections, lexiconFigures, previewEntry, reviewCorrection } from './correction.service';
export { addLexiconEntry, analyzerFor, exportLexicon, importLexicon, lexicon, removeLexiconEntry } from './overlay.service';
export { incidentsOfOwner } from './owner-reads';
/** The scoring engine itself (pure): other modules read a text's negative markers with it (growth's drill check). */
export { analyze } from './engine';
