import { communityContract } from '@shared/contracts/community.contract';
import { defineFunction } from '../../lib/handle';
import * as community from '../../modules/community/community.service';

export const main = defineFunction('community', communityContract, {
  myHome: (_input, { caller }) => community.myHome(caller),
  myProfile: (_input, { caller }) => community.myProfile(caller),
  overview: (_input, { caller }) => community.overview(caller),
  units: (input, { caller }) => community.listUnits(caller, input),
  staff: (_input, { caller }) => community.listStaff(caller),
});
