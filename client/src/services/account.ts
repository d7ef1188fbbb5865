/**
 * Who the user is, kept in step with the server: re-read `me` after a change of binding, and
 * switch the community a manager works in. Both store the result through services/session.ts.
 */
import type { Me } from '@shared/contracts/auth.contract';
import { call } from './cloud';
import { saveSwitched, updateMe } from './session';
import { goHome } from './navigation';

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
