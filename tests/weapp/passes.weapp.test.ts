/**
 * The BUILT weapp 我的放行条 page (owner/pages/passes) in miniprogram-simulate against the real gateway
 * and the demo data (scripts/demo-contacts.ts): 李娜 sees the pass the desk recorded for her 0801
 * waiting for her, approves it and sees its code; 张伟 sees his own pass approved with its code.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { PassView } from '@shared/contracts/desk-log.contract';
import { formatPassCode } from '@shared/domain/desk-log';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

test('When 李娜 opens 我的放行条 and approves the pass the desk recorded for her unit, then it shows 已批准 and the code for the gate', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner2');
  const before = await data<PassView[]>(suite.stack.invoke('desk', 'myPasses', undefined, token));
  const waiting = before.find((p) => p.actions.includes('approve'));
  expect(waiting).toMatchObject({ status: 'pending', unitLabel: '2栋1单元0801', requestedAs: '客服代办' });

  const page = await suite.sim.openPage('owner/pages/passes/index');
  await page.waitForText('装修剩余瓷砖');
  expect(page.text()).toContain('待业主确认');
  expect(page.text()).toContain('同意放行');
  expect(page.text()).toContain('不同意');
  expect(page.findAll('pass-card__code')).toHaveLength(0);

  await page.tap('passes__approve');
  await page.waitForText('已批准');
  const after = await data<PassView[]>(suite.stack.invoke('desk', 'myPasses', undefined, token));
  const approved = after.find((p) => p.id === waiting!.id)!;
  expect(approved).toMatchObject({ status: 'approved', approvedByName: '李娜' });
  await page.waitForText(formatPassCode(approved.code!));
  expect(page.findAll('passes__approve')).toHaveLength(0);
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});
