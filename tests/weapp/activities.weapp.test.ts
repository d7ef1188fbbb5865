/**
 * The BUILT weapp owner pages of community activities (owner/pages/activities, activity) in
 * miniprogram-simulate against the real gateway and the demo data (scripts/demo-life-activities.ts: the
 * 迎春节 activity three weeks ahead, 6 places, 2 per household, three households confirmed and two
 * waiting, 张伟 not signed up): the list shows it under 正在报名; on its page 张伟 chooses 2人 and
 * goes on the waiting list (third); as confirmed households cancel he moves up and his check-in code
 * shows; he cancels, signs up again for 1人 while places are left and is confirmed at once.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { Paged } from '@shared/contracts/contract';
import type { ActivitySignupView, ActivitySummary, ActivityView } from '@shared/contracts/life-activity-view';
import { formatPassCode } from '@shared/domain/pass-code';
import { routes } from '@shared/routes';
import { ActivitySignup } from '../../cloud/modules/life/activity.model';
import { loginAs } from '../helpers/factories';
import { weappSuite, type SimPage } from './weapp-harness';

const suite = weappSuite();

async function activityOf(token: string, activityId: string): Promise<ActivityView> {
  const res = await suite.stack.invoke('life', 'activityGet', { activityId }, token);
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

async function springActivity(token: string): Promise<ActivitySummary> {
  const res = await suite.stack.invoke('life', 'activityList', { tab: 'upcoming', page: 1, pageSize: 20 }, token);
  if (!res.ok) throw new Error(res.error.code);
  const found = res.data.items.find((a) => a.title.includes('迎春'));
  if (!found) throw new Error('the demo 迎春节 activity is missing');
  return found;
}

/** The households confirmed on the activity, in order (the staff list). */
async function confirmedSignups(activityId: string): Promise<ActivitySignupView[]> {
  const manager = await suite.stack.login('demo-manager');
  const res = await suite.stack.invoke('life', 'activitySignups', { activityId, status: 'confirmed', page: 1, pageSize: 50 }, manager);
  if (!res.ok) throw new Error(res.error.code);
  return (res.data as Paged<ActivitySignupView>).items;
}

/** Cancel a household's sign-up as the owner who made it (logged in through the fake WeChat). */
async function cancelAs(signup: ActivitySignupView): Promise<void> {
  const record = await ActivitySignup.findById(signup.id, { userId: 1 }).lean();
  const token = await loginAs(suite.stack, record!.userId);
  const res = await suite.stack.invoke('life', 'activitySignupCancel', { signupId: signup.id }, token);
  if (!res.ok) throw new Error(res.error.code);
}

/** The page comes back to the front (useReloadOnReturn reloads it). */
async function comeBack(page: SimPage): Promise<void> {
  page.root.instance.onHide?.call(page.root.instance);
  page.root.instance.onShow?.call(page.root.instance);
  await suite.sim.settle();
}

test('When 张伟 opens 社区活动, then the upcoming 迎春节 activity is listed under 正在报名 with its places and opens its page', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner');
  const spring = await springActivity(token);

  const list = await suite.sim.openPage(routes.owner.activities.path);
  await list.waitForText(spring.title);
  expect(list.text()).toContain('正在报名');
  expect(list.text()).toContain('名额已满，可候补');
  expect(list.findAll('activity-row--published').map((el) => el.textContent)).toContainEqual(expect.stringContaining(spring.title));
  await list.tap('activity-row', spring.title);
  expect(suite.sim.navigations.at(-1)?.url).toContain(`${routes.owner.activity.path}?id=${spring.id}`);
  // 我的报名: nothing yet.
  await list.tap('choice', '我的报名');
  await list.waitForText('您还没有报名活动');
  list.unload();
});

test('When 张伟 signs up for the full 迎春节 activity in the mini-program, then he waits with his position, moves up with a check-in code, cancels, and signs up again for one place at once', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner');
  const spring = await springActivity(token);
  expect((await activityOf(token, spring.id)).signups).toEqual([]);

  const page = await suite.sim.openPage(routes.owner.activity.path, { id: spring.id });
  await page.waitForText('名额已满');
  expect(page.text()).toContain('每户限报 2 人');
  expect(page.text()).toContain('活动流程');
  // The places picker offers 1..placesPerHousehold.
  expect(page.findAll('choice').map((el) => (el.textContent ?? '').trim())).toEqual(['1人', '2人']);
  await page.tap('choice', '2人');
  await page.tap('activity__signup', '登记候补');
  await page.waitForText('候补第 3 位');
  let mine = (await activityOf(token, spring.id)).signups;
  expect(mine).toMatchObject([{ status: 'waiting', places: 2, position: 3 }]);
  expect(mine[0].code).toBeUndefined();
  expect(page.findAll('activity__code')).toHaveLength(0);

  // Three confirmed households cancel, one by one: the waiting list moves up in order.
  const confirmed = await confirmedSignups(spring.id);
  expect(confirmed).toHaveLength(3);
  await cancelAs(confirmed[0]);
  await comeBack(page);
  await page.waitForText('候补第 2 位');
  await cancelAs(confirmed[1]);
  await cancelAs(confirmed[2]);
  await comeBack(page);
  await page.waitForText('入场时请向工作人员出示签到码');
  mine = (await activityOf(token, spring.id)).signups;
  expect(mine).toMatchObject([{ status: 'confirmed', places: 2 }]);
  expect(page.findAll('activity__code').map((el) => (el.textContent ?? '').trim())).toEqual([formatPassCode(mine[0].code!)]);
  expect(page.text()).not.toContain('候补第');

  // Cancel: nobody is waiting any more, so his two places are left free.
  await page.tap('activity__cancel', '取消报名');
  await page.waitForText('剩余名额 2 / 6 人');
  expect((await activityOf(token, spring.id)).signups).toEqual([]);
  expect(page.findAll('activity__code')).toHaveLength(0);

  // Signing up again for one person: confirmed at once, with a new code on screen.
  await page.tap('choice', '1人');
  await page.tap('activity__signup', '报名');
  await page.waitForText('入场时请向工作人员出示签到码');
  mine = (await activityOf(token, spring.id)).signups;
  expect(mine).toMatchObject([{ status: 'confirmed', places: 1 }]);
  expect(page.text()).toContain(formatPassCode(mine[0].code!));
  expect(page.text()).toContain('剩余名额 1 / 6 人');
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});
