import { dashboardContract } from '@shared/contracts/dashboard.contract';
import * as dashboard from '../../modules/dashboard';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'dashboard',
  dashboardContract,
  {
    manager: (_input, { caller }) => dashboard.managerDashboard(caller),
    desk: (_input, { caller }) => dashboard.staffDesk(caller),
  },
  { access: [], wiring: [wireServiceDesk] },
);
