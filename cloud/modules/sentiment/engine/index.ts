/** Public entry of the sentiment engine. */
export { analyze } from './analyze';
export { MAX_ANALYSED_CHARS } from './normalize';
