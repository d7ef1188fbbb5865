/**
 * The BUILT weapp binding page (owner/pages/bind/index, the home of a new WeChat user) in
 * miniprogram-simulate against the real gateway and database: the form checks itself before
 * sending, a wrong answer files a request for the office to review (待审核, tries left), and the
 * name and phone digits the office recorded bind at once and send the user to the owner home.
 */
import type { LoginResult } from '@shared/contracts';
import { weappSuite, type SimPage } from './weapp-harness';

const suite = weappSuite();

/** 单元 → 楼层 → 房号 of the chosen building (a building with one 单元 skips that step). */
async function pickUnit(page: SimPage, entrance: string, floor: string, room: string): Promise<void> {
  await suite.sim.waitFor(() => page.findAll('choice').some((c) => c.textContent === entrance || c.textContent === floor), `${entrance} or ${floor}`);
  if (page.findAll('choice').some((c) => c.textContent === entrance)) await page.tap('choice', entrance);
  await page.waitForText(floor);
  const floorChip = page.findAll('choice').find((c) => c.textContent === floor);
  if (!floorChip) throw new Error(`no ${floor}`);
  await page.tap('choice', floor);
  await page.waitForText(room);
  await page.tap('choice', room);
}

/** A new WeChat user (a guest) logged in through auth.login, stored as the login page does. */
async function loginNewUser(suffix: string): Promise<LoginResult> {
  const res = await suite.stack.invoke('auth', 'login', { code: `demo-guest-${suffix}` });
  if (!res.ok) throw new Error(`guest login failed: ${res.error.code}`);
  suite.sim.storage.set('wuye.session', { token: res.data.token, expiresAt: res.data.expiresAt, me: res.data.me });
  return res.data;
}

test('When a new WeChat user answers wrongly and then with the recorded details, then the first waits for review and the second binds and opens the owner home', async () => {
  const guest = await loginNewUser('weappbind01');
  expect(guest.me.roles).toEqual(['guest']);
  const page = await suite.sim.openPage('owner/pages/bind/index');

  await page.waitForText('幸福里小区');
  expect(page.text()).toContain('您好，请先绑定您的房屋');
  await page.waitForText('您还没有提交过绑定申请');

  // Nothing chosen or typed: the form says what is missing, without asking the server.
  const before = suite.sim.requests.length;
  await page.tap('bind__submit');
  await page.waitForText('请选择您的房屋');
  for (const problem of ['请填写姓名', '请填写登记手机号的后4位数字', '请选择与房屋的关系']) expect(page.text()).toContain(problem);
  expect(suite.sim.requests.slice(before).some((r) => r.action === 'request')).toBe(false);

  // 幸福里小区 → 2栋 → 1单元 → 8层 → 0801 with a phone that is not on record: filed for review.
  await page.tap('choice', '幸福里小区');
  await page.waitForText('2栋');
  await page.tap('choice', '2栋');
  await pickUnit(page, '1单元', '8层', '0801');
  await page.waitForText('已选：2栋1单元0801');
  await page.type('bind__name', '赵一鸣');
  await page.type('bind__phone', '0000');
  await page.tap('choice', '租户');
  await page.tap('bind__submit');
  await page.waitForText('已提交物业审核');
  expect(page.text()).toContain('本小时剩余尝试次数：4');
  await page.waitForText('待审核');
  expect(page.text()).toContain('2栋1单元0801');

  // 1栋 → 1单元 → 15层 → 1502: 王丽 is recorded there as a family member, phone ending 2502.
  await page.tap('choice', '1栋');
  await pickUnit(page, '1单元', '15层', '1502');
  await page.type('bind__name', '王丽');
  await page.type('bind__phone', '2502');
  await page.tap('choice', '家庭成员');
  await page.tap('bind__submit');

  await suite.sim.waitFor(() => suite.sim.navigations.some((n) => n.api === 'reLaunch'), 'reLaunch to 绑定成功');
  expect(suite.sim.navigations).toContainEqual({ api: 'reLaunch', url: `/owner/pages/bound/index?unit=${encodeURIComponent('1栋1单元1502')}` });
  expect(page.text()).toContain('绑定成功');
  const session = suite.sim.storage.get('wuye.session') as { me: { roles: string[]; name: string; unitIds: string[] } };
  expect(session.me.roles).toContain('owner');
  expect(session.me.name).toBe('王丽');
  expect(session.me.unitIds).toHaveLength(1);
  await suite.sim.settle();
  page.unload();
});

test('When 绑定成功 opens, then it names the unit, says what to do next, and 进入首页 starts over on the owner home', async () => {
  suite.sim.navigations.length = 0;
  const bound = await suite.sim.openPage('owner/pages/bound/index', { unit: encodeURIComponent('1栋1单元1502') });
  await bound.waitForText('绑定成功');
  expect(bound.text()).toContain('幸福里小区 1栋1单元1502');
  for (const next of ['报修', '缴费', '通知', '开启消息提醒']) expect(bound.text()).toContain(next);
  await bound.tap('bound__home');
  await suite.sim.waitFor(() => suite.sim.navigations.length > 0, 'navigation');
  expect(suite.sim.navigations).toEqual([{ api: 'reLaunch', url: '/owner/pages/home/index' }]);
  bound.unload();
});

test('When the newly bound owner opens the owner home, then it shows the unit, the 绑定房屋 entry and 解除绑定', async () => {
  const home = await suite.sim.openPage('owner/pages/home/index');
  await home.waitForText('1栋1单元1502');
  expect(home.text()).toContain('王丽（本人） · 家庭成员');
  expect(home.findAll('owner-home__bind')).toHaveLength(1);
  expect(home.findAll('owner-home__unbind')).toHaveLength(1);
  await suite.sim.settle();
  home.unload();
});
