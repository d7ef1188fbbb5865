import { authContract } from '@shared/contracts/auth.contract';
import { defineFunction } from '../../lib/handle';
import * as auth from '../../modules/identity/auth.service';

export const main = defineFunction('auth', authContract, {
  loginOptions: () => auth.loginOptions(),
  login: ({ code }, { clientIp }) => auth.login(code, { clientIp }),
  me: (_input, { caller }) => auth.me(caller),
  refresh: (_input, { caller }) => auth.refresh(caller),
  logout: (_input, { caller }) => auth.logout(caller),
  switchCommunity: ({ communityId }, { caller }) => auth.switchCommunity(caller, communityId),
});
