/**
 * The BUILT weapp (dist/weapp) in miniprogram-simulate, against the real gateway, database
 * and fake WeChat server (tests/helpers/stack.ts): the login page lists the demo accounts
 * from auth.loginOptions, tapping 张伟 logs in for real, and the owner home shows his unit.
 *
 * Runs `taro build --type weapp` first when dist/weapp is missing or older than the client
 * sources. Environment: node (see tests/weapp/weapp-harness.ts for the DOM it installs).
 */
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

test('When 张伟 taps his demo account on the login page, then he is logged in and sent to the owner home', async () => {
  const login = await suite.sim.openPage('pages/login/index');

  await login.waitForText('张伟');
  for (const name of ['张伟', '李娜', '王芳', '刘强', '陈磊', '赵敏', '孙涛']) expect(login.text()).toContain(name);
  expect(login.findAll('demo-account').length).toBeGreaterThanOrEqual(7);
  expect(login.text()).toContain('微信一键登录');

  await login.tap('demo-account', '张伟');
  await suite.sim.waitFor(() => suite.sim.navigations.some((n) => n.api === 'reLaunch'), 'reLaunch after login');

  expect(suite.sim.navigations).toContainEqual({ api: 'reLaunch', url: '/owner/pages/home/index' });
  const session = suite.sim.storage.get('wuye.session') as { token: string; me: { name: string; roles: string[] } };
  expect(session.token).toEqual(expect.any(String));
  expect(session.token.length).toBeGreaterThan(10);
  expect(session.me).toMatchObject({ name: '张伟', roles: ['owner'] });
  // The login went through the real gateway.
  expect(suite.sim.requests.map((r) => [r.url.replace(suite.stack.baseUrl, ''), r.action, r.status])).toEqual([
    ['/fn/auth', 'loginOptions', 200],
    ['/fn/auth', 'login', 200],
  ]);
  await suite.sim.settle();
  login.unload();
});

test('When the logged-in owner opens the owner home, then it shows 业主首页 and his unit from the database', async () => {
  const home = await suite.sim.openPage('owner/pages/home/index');

  await home.waitForText('1栋1单元1502');
  // the household and the car of the unit, phones masked
  for (const shown of ['张伟（本人） · 业主', '王丽 · 家庭成员', '139****2502', '浙A·D1502', '车位 B1-015']) expect(home.text()).toContain(shown);
  expect(home.text()).not.toContain('13900002502');
  expect(home.text()).toContain('业主首页');
  expect(home.text()).toContain('张伟');
  expect(suite.sim.requests).toContainEqual(
    expect.objectContaining({ url: `${suite.stack.baseUrl}/fn/community`, action: 'myHome', status: 200 }),
  );
  home.unload();
});
