/**
 * The BUILT weapp inquiry pages (咨询) in miniprogram-simulate against the real gateway and the demo
 * data (scripts/demo-inquiries.ts): the owner's 我的咨询 and 咨询详情 with the agent's quick feedback
 * and answer, rating it with stars; 我要咨询 from the topic to the new inquiry's page; the agent's list
 * with the promise due next. (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { Paged } from '@shared/contracts/contract';
import type { InquiryDetail, InquirySummary } from '@shared/contracts/desk.contract';
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

test('When 张伟 opens 我的咨询 and the answered question, then he sees the feedback and the answer, and rates it with stars once', async () => {
  const { token } = await suite.loginAs('demo-owner');
  const mine = await data<Paged<InquirySummary>>(suite.stack.invoke('desk', 'mine', {}, token));
  const answered = mine.items.find((i) => i.status === 'answered');
  expect(answered).toBeDefined();

  const list = await suite.sim.openPage('owner/pages/inquiries/index');
  await list.waitForText(answered!.inquiryNo);
  expect(list.text()).toContain('已受理');
  expect(list.findAll('my-inquiries__item')).toHaveLength(mine.items.length);
  list.unload();

  const page = await suite.sim.openPage('owner/pages/inquiry/index', { id: answered!.id });
  await page.waitForText('客服答复');
  expect(page.text()).toContain('按季度');
  expect(page.text()).toContain('受理反馈');
  expect(page.text()).toContain('这次答复您满意吗？');
  expect(page.findAll('complaint-timeline__item').length).toBe(3);
  await page.tap('rating-stars__star--4');
  await page.tap('inquiry-detail__rate-submit');
  await page.waitForText('我的评价');
  const after = await data<InquiryDetail>(suite.stack.invoke('desk', 'get', { inquiryId: answered!.id }, token));
  expect(after).toMatchObject({ status: 'rated', rating: { stars: 4 }, actions: [] });
  expect(page.text()).not.toContain('这次答复您满意吗？');
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});

test('When 张伟 asks in 我要咨询 with a topic and a question, then the inquiry is made and its page shows 待受理 with the promise', async () => {
  const { token } = await suite.loginAs('demo-owner');
  const before = await data<Paged<InquirySummary>>(suite.stack.invoke('desk', 'mine', {}, token));
  const page = await suite.sim.openPage('owner/pages/inquiry-new/index');
  await page.waitForText('咨询类别');
  // Nothing chosen: the form names what is missing, nothing is sent.
  await page.tap('inquiry-new__submit');
  await page.waitForText('请选择咨询类别');
  await page.tap('choice', '停车');
  await page.waitForText('客服承诺：30分钟内受理，1天内答复');
  await page.type('inquiry-new__text', '小区临时停车怎么收费？');
  await page.tap('inquiry-new__submit');
  await suite.sim.waitFor(() => suite.sim.navigations.some((n) => n.api === 'redirectTo' && n.url?.includes('owner/pages/inquiry/index')), 'the redirect to the new inquiry');
  const after = await data<Paged<InquirySummary>>(suite.stack.invoke('desk', 'mine', {}, token));
  expect(after.total).toBe(before.total + 1);
  expect(after.items[0]).toMatchObject({ status: 'received', topic: 'parking', text: '小区临时停车怎么收费？', channel: 'miniprogram' });
  page.unload();
});

test('When the agent opens 咨询, then the open inquiries show with the promise due next', async () => {
  const { token } = await suite.loginAs('demo-agent');
  const open = await data<Paged<InquirySummary>>(suite.stack.invoke('desk', 'list', { status: 'open' }, token));
  expect(open.total).toBeGreaterThan(0);
  const list = await suite.sim.openPage('staff/pages/inquiries/index');
  await list.waitForText(open.items[0].inquiryNo);
  expect(list.text()).toContain('承诺');
  expect(list.findAll('inquiries-list__item')).toHaveLength(open.items.length);
  list.unload();
});
