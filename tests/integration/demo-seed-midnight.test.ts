import { addDays, dayEnd, localDay } from '@shared/domain/calendar';
import { now, setClock } from '../../cloud/lib/clock';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { seedDemo } from '../../scripts/demo-data';
import { startStack, type Stack } from '../helpers/stack';

// The demo seed run so that local midnight (Asia/Shanghai) falls a few milliseconds after it starts: every
// part that asks for "today" (a renovation starting today, surveys and activities counted from today) must
// still agree on one day. Before the seed held its day, a seed started at 23:59:59.9 failed with
// "开工日期不能早于今天" or "问卷已结束，不能再提交".
const START_DAY = '2026-12-07';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  const from = dayEnd(START_DAY).getTime() - 5; // 23:59:59.995 local
  const t0 = Date.now();
  setClock(() => new Date(from + (Date.now() - t0)));
  await seedDemo();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  setClock();
});

test('When the demo seed starts 5 ms before midnight, then it completes, its records are of the day it started, and the clock moves on past midnight afterwards', async () => {
  const started = await Renovation.find({ status: { $in: ['in_progress', 'suspended'] } }, { plannedStart: 1 }).lean();
  expect(started.length).toBeGreaterThanOrEqual(3);
  expect(new Set(started.map((r) => r.plannedStart))).toEqual(new Set([START_DAY]));

  const zhang = await stack.login('demo-owner');
  const list = await stack.invoke('life', 'surveyList', {}, zhang);
  if (!list.ok) throw new Error(list.error.code);
  const needs = list.data.items.find((s) => s.title === '社区活动需求调研');
  expect(needs).toMatchObject({ section: 'open', answered: false });
  // After the seed the clock is the outer one again: it is the next day now, and the survey is still open.
  expect(localDay(now())).toBe(addDays(START_DAY, 1));
});
