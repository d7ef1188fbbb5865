import { authContract } from '@shared/contracts/auth.contract';
import { defineFunction } from '../../lib/handle';
import * as auth from '../../modules/identity/auth.service';

export const main = defineFunction('auth', authContract, {
  loginOptions: () => auth.loginOptions(),
  login: ({ code }) => auth.login(code),
  me: (_input, { caller }) => auth.me(caller),
  logout: (_input, { caller }) => auth.logout(caller),
});
