/**
 * The BUILT weapp 我的入住 page (owner/pages/movein) in miniprogram-simulate against the real gateway
 * and the demo data (scripts/demo-movein-batch.ts): 陈思远, a buyer of the new 8栋 who has not booked,
 * sees his move-in with the batch's days, what to bring and the fee, books a slot with free places
 * (the server holds the booking), then cancels it (the place is free again).
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { MyMoveInView } from '@shared/contracts/movein-batches.contract';
import { routes } from '@shared/routes';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function mine(token: string): Promise<MyMoveInView> {
  const res = await suite.stack.invoke('movein', 'myMoveIn', {}, token);
  if (!res.ok) throw new Error(res.error.code);
  return res.data[0];
}

test('When the demo buyer opens 我的入住, books a free slot and cancels it, then the page and the server agree at each step', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-buyer');
  const before = await mine(token);
  expect(before).toMatchObject({ unitLabel: '8栋1单元0302', status: 'waiting', canBook: true });
  expect(before.booking).toBeUndefined();

  const page = await suite.sim.openPage(routes.owner.movein.path);
  await page.waitForText('8栋1单元0302');
  expect(page.text()).toContain('待办理');
  expect(page.text()).toContain('8栋一楼大堂入住办理处');
  expect(page.text()).toContain('购房合同（原件及复印件）');
  expect(page.text()).toContain('预交物业费（3个月） 807.00 元');
  expect(page.text()).toContain('必办 0/6 项');
  expect(page.findAll('movein-day').length).toBe(before.days.length);

  await page.tap('movein-slot', '剩余');
  await page.waitForText('已预约：');
  const booked = await mine(token);
  expect(booked.booking).toBeDefined();
  expect(page.text()).toContain(booked.booking!.slotLabel);

  await page.tap('movein-booking__cancel');
  await page.waitForText('请选择办理日期和时段');
  expect(page.text()).not.toContain('已预约：');
  expect((await mine(token)).booking).toBeUndefined();
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});
