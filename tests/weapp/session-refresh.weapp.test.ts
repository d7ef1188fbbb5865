/**
 * The BUILT weapp rotates its session token by itself when it is close to expiry:
 * the next cloud call is preceded by auth.refresh, the stored token is replaced,
 * and the old token stops working on the server.
 */
import { setClock } from '../../cloud/lib/clock';
import { ROTATION_GRACE_MS } from '../../cloud/modules/identity/session.service';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();
afterAll(() => setClock());

test('When the stored session expires within a day, then the app refreshes it before loading the owner home', async () => {
  // A session issued six and a half days ago (of seven): the server's clock is moved back for the login.
  setClock(() => new Date(Date.now() - 6.5 * 24 * 3600_000));
  const login = await suite.stack.invoke('auth', 'login', { code: 'demo-owner' });
  setClock();
  if (!login.ok) throw new Error(login.error.code);
  suite.sim.storage.set('wuye.session', { token: login.data.token, expiresAt: login.data.expiresAt, me: login.data.me });

  const page = await suite.sim.openPage('owner/pages/home/index');
  await page.waitForText('1栋1单元1502');

  const actions = suite.sim.requests.map((r) => r.action);
  expect(actions.indexOf('refresh')).toBeGreaterThanOrEqual(0);
  expect(actions.indexOf('refresh')).toBeLessThan(actions.indexOf('myHome'));
  const stored = suite.sim.storage.get('wuye.session') as { token: string; expiresAt: string };
  expect(stored.token).not.toBe(login.data.token);
  expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
  expect(await suite.stack.invoke('auth', 'me', {}, stored.token)).toMatchObject({ ok: true, data: { name: '张伟' } });
  // Past the grace for requests in flight, the old token is dead — and presenting it again ends the
  // whole login (a refreshed-away token in use means it was copied).
  setClock(() => new Date(Date.now() + ROTATION_GRACE_MS + 1000));
  expect(await suite.stack.invoke('auth', 'me', {}, login.data.token)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
  expect(await suite.stack.invoke('auth', 'me', {}, stored.token)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
  page.unload();
});
