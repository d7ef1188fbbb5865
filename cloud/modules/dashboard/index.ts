/**
 * dashboard — figures across the modules, computed from stored data: the manager home's key
 * figures and trends, and the staff desk (urgent first, then by due time). It owns no collection;
 * it reads the modules below it through their public APIs. The public API of the module.
 */
export { managerDashboard, staffDesk } from './dashboard.service';
