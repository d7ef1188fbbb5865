/**
 * housekeeping — deletes what nobody needs any more (expired sessions, ended limit windows, expired
 * claims, unused import previews, photos never attached). The public API of the module.
 */
export { runHousekeeping } from './housekeeping.job';
