/** Public entry of the sentiment engine. */
export { analyze, BUILTIN_LEXICON_VERSION, compileLexicon, type Analyzer } from './analyze';
export { MAX_ANALYSED_CHARS } from './normalize';
