/**
 * The BUILT weapp role pages in miniprogram-simulate against the real gateway and database:
 * each demo staff member's home shows what the cloud functions return, 加载更多 and the
 * building filter page through community.units, and a page opened without a session
 * goes to the login page. (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

beforeEach(async () => {
  await suite.sim.settle();
  suite.sim.storage.delete('wuye.session');
  suite.sim.navigations.length = 0;
  suite.sim.requests.length = 0;
});


async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

test('When the agent opens 客服工作台, then it shows the overview and pages through units with 加载更多 and the building filter', async () => {
  const { token } = await suite.loginAs('demo-agent');
  const overview = await data(suite.stack.invoke('community', 'overview', undefined, token));
  const page = await suite.sim.openPage('staff/pages/agent/index');

  await page.waitForText(`房屋与业主（共 ${overview.totals.units} 户）`);
  expect(page.text()).toContain('客服工作台');
  expect(page.text()).toContain('王芳');
  expect(page.text()).toContain(overview.community.name);
  for (const b of overview.buildings) expect(page.text()).toContain(`${b.floors} 层 · ${b.units} 户 · 自住 ${b.occupied} · 空置 ${b.vacant} · 出租 ${b.renting}`);
  expect(page.findAll('unit-row')).toHaveLength(Math.min(20, overview.totals.units));

  expect(overview.totals.units).toBeGreaterThan(20);
  await page.tap('units__more');
  await suite.sim.waitFor(() => page.findAll('unit-row').length === Math.min(40, overview.totals.units), '40 unit rows after 加载更多');

  const building = overview.buildings[1];
  await page.tap('building-row', building.name);
  await page.waitForText(`房屋与业主（共 ${building.units} 户）`);
  await suite.sim.waitFor(() => page.findAll('unit-row').length === Math.min(20, building.units), `${building.name} rows`);
  const units = await data(suite.stack.invoke('community', 'units', { buildingId: building.id }, token));
  expect(page.text()).toContain(units.items[0].label);
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});

test('When the technician opens his home, then it shows his skills, duty status and the service phone', async () => {
  const { token } = await suite.loginAs('demo-tech1');
  const profile = await data(suite.stack.invoke('community', 'myProfile', undefined, token));
  const page = await suite.sim.openPage('staff/pages/technician/index');

  await page.waitForText(profile.staff.skills.join('、'));
  expect(page.text()).toContain('维修师傅首页');
  expect(page.text()).toContain('刘强');
  expect(page.text()).toContain(profile.staff.onDuty ? '值班中' : '休息中');
  expect(page.text()).toContain(profile.community.servicePhone);
  page.unload();
});

test('When the cashier opens 收费工作台, then it shows the community totals', async () => {
  const { token } = await suite.loginAs('demo-cashier');
  const overview = await data(suite.stack.invoke('community', 'overview', undefined, token));
  const page = await suite.sim.openPage('staff/pages/cashier/index');

  await page.waitForText(`房屋与业主（共 ${overview.totals.units} 户）`);
  expect(page.text()).toContain('收费工作台');
  expect(page.text()).toContain('赵敏');
  page.unload();
});

test('When the manager opens 主管首页, then it lists the whole team', async () => {
  const { token } = await suite.loginAs('demo-manager');
  const team = await data(suite.stack.invoke('community', 'staff', undefined, token));
  const page = await suite.sim.openPage('manager/pages/home/index');

  await page.waitForText(`服务团队（${team.length} 人）`);
  expect(page.text()).toContain('主管首页');
  for (const member of team) expect(page.text()).toContain(member.name);
  expect(page.findAll('staff-row')).toHaveLength(team.length);
  page.unload();
});

test('When a manager taps a role card on 工作台, then the role home opens', async () => {
  await suite.loginAs('demo-manager');
  const page = await suite.sim.openPage('pages/index/index');

  await page.waitForText('您好，孙涛');
  await suite.sim.waitFor(() => suite.sim.requests.some((r) => r.action === 'me' && r.status === 200), 'auth.me');
  await page.tap('role-card', '客服主管');
  await suite.sim.waitFor(() => suite.sim.navigations.length > 0, 'navigation');
  expect(suite.sim.navigations).toEqual([{ api: 'navigateTo', url: '/manager/pages/home/index' }]);
  page.unload();
});

test('When the owner home is opened without a session, then it goes to the login page without calling the server', async () => {
  const page = await suite.sim.openPage('owner/pages/home/index');

  await suite.sim.waitFor(() => suite.sim.navigations.length > 0, 'redirect to login');
  expect(suite.sim.navigations).toEqual([{ api: 'reLaunch', url: '/pages/login/index' }]);
  expect(suite.sim.requests).toEqual([]);
  page.unload();
});
