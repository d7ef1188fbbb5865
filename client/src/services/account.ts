/**
 * Who the user is, kept in step with the server: log in, re-read `me` after a change of binding, and
 * switch the community a manager works in. Each stores the result through services/session.ts.
 */
import type { Me } from '@shared/contracts/auth.contract';
import { call } from './cloud';
import { saveCloudSession, saveSession, saveSwitched, updateMe, type Session } from './session';
import { goHome } from './navigation';

/**
 * Log in with a login code and keep the session. Gateway: the code (from wx.login, or a demo
 * account's) goes to auth.login, which exchanges it with WeChat (code2Session) for a session token.
 * CloudBase: there is nothing to exchange — WeChat names the caller (OPENID) on every call and the
 * cloud functions read it from the call's WX context — so logging in is asking auth.me who I am (a
 * new WeChat user becomes a guest, whose home is the binding page) and keeping that, without a token.
 */
export async function logIn(getCode: () => Promise<string>): Promise<Session> {
  if (API_TRANSPORT === 'cloud') return saveCloudSession(await call('auth', 'me'));
  const code = await getCode();
  return saveSession(await call('auth', 'login', { code }));
}

/** Read `auth.me` again (roles and units change on binding and unbinding) and store it. */
export async function refreshMe(): Promise<Me> {
  const me = await call('auth', 'me');
  updateMe(me);
  return me;
}

/** Work in another of my communities: store the new session and start over on my home there. */
export async function switchCommunity(communityId: string): Promise<void> {
  const result = await call('auth', 'switchCommunity', { communityId });
  const session = saveSwitched(result);
  await goHome((session?.me ?? result.me).roles);
}
