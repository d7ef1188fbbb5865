import { authContract } from '@shared/contracts/auth.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'auth',
  authContract,
  {
    loginOptions: () => identity.loginOptions(),
    login: ({ code }, { clientIp }) => identity.login(code, { clientIp }),
    me: (_input, { caller }) => identity.me(caller),
    refresh: (_input, { caller }) => identity.refresh(caller),
    logout: (_input, { caller }) => identity.logout(caller),
    switchCommunity: ({ communityId }, { caller }) => identity.switchCommunity(caller, communityId),
  },
  { access: [community.access] },
);
