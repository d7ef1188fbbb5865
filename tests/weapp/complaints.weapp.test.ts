/**
 * The BUILT weapp complaint pages (投诉处理) in miniprogram-simulate against the real gateway and
 * the demo data (scripts/demo-complaints.ts): the owner's list and detail with the written reply and
 * the actions offered, the agent's list with the running deadlines and 受理 on the detail page, and
 * the manager's board. (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { ComplaintSummary } from '@shared/contracts/complaints.contract';
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

test('When 张伟 opens 我的投诉 and his answered complaint, then he sees the written reply and 对答复满意 / 仍不满意', async () => {
  const { token } = await suite.loginAs('demo-owner');
  const mine = await data<ComplaintSummary[]>(suite.stack.invoke('complaints', 'mine', undefined, token));
  const replied = mine.find((c) => c.status === 'replied');
  expect(replied).toBeDefined();

  const list = await suite.sim.openPage('owner/pages/complaints/index');
  await list.waitForText(replied!.caseNo);
  expect(list.text()).toContain('已答复');
  expect(list.text()).toContain('已结案');
  expect(list.findAll('my-complaints__item')).toHaveLength(mine.length);
  list.unload();

  const page = await suite.sim.openPage('owner/pages/complaint/index', { id: replied!.id });
  await page.waitForText('物业书面答复');
  expect(page.text()).toContain('B1-015');
  expect(page.text()).toContain('对答复满意');
  expect(page.text()).toContain('仍不满意');
  expect(page.findAll('complaint-timeline__item').length).toBeGreaterThanOrEqual(4);
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});

test('When the agent opens 投诉处理 and accepts the new noise complaint, then it is 处理中 with her as the handler', async () => {
  const { token } = await suite.loginAs('demo-agent');
  const open = await data(suite.stack.invoke('complaints', 'list', { status: 'open' }, token));
  const noise = open.items.find((c) => c.category === 'noise');
  expect(noise).toBeDefined();

  const list = await suite.sim.openPage('staff/pages/complaints/index');
  await list.waitForText(noise!.caseNo);
  expect(list.text()).toContain('首次响应时限');
  expect(list.findAll('complaints-list__item')).toHaveLength(open.items.length);
  list.unload();

  const page = await suite.sim.openPage('staff/pages/complaint/index', { id: noise!.id });
  await page.waitForText('尚未受理');
  await page.tap('complaint-staff__accept');
  await suite.sim.waitFor(() => page.findAll('complaint-staff__accept-submit').length === 1, 'the 受理 form');
  await page.waitForText('王芳（我）');
  await page.tap('complaint-staff__accept-submit');
  await page.waitForText('负责人：王芳');
  const after = await data(suite.stack.invoke('complaints', 'get', { complaintId: noise!.id }, token));
  expect(after).toMatchObject({ status: 'accepted', handlerName: '王芳' });
  expect(page.findAll('complaint-status--accepted').length).toBeGreaterThan(0);
  page.unload();
});

test('When the manager opens 投诉看板, then it shows the open complaints, the month and the deadline settings', async () => {
  const { token } = await suite.loginAs('demo-manager');
  const board = await data(suite.stack.invoke('complaints', 'board', undefined, token));
  const page = await suite.sim.openPage('manager/pages/complaints/index');
  await page.waitForText(`处理中 ${board.open} 件`);
  await page.waitForText('月度统计');
  await page.waitForText('投诉时限设置');
  await page.waitForText('有效投诉占比');
  await page.waitForText('首次响应时限（小时）');
  expect(page.text()).toContain('停车管理');
  page.unload();
});
