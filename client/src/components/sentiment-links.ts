/** Owner-group sentiment pages (舆情), all in the staff sub-package (agents and managers). */
export const INCIDENTS_PAGE = '/staff/pages/incidents/index';
/** Detail: `?id=<incidentId>`. */
export const INCIDENT_PAGE = '/staff/pages/incident/index';
export const SENTIMENT_GROUPS_PAGE = '/staff/pages/sentiment-groups/index';
export const SENTIMENT_IMPORT_PAGE = '/staff/pages/sentiment-import/index';
