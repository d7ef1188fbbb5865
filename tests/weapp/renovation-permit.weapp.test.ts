/**
 * The BUILT weapp 装修许可证 page (owner/pages/renovation-permit) in miniprogram-simulate against the real
 * gateway and the demo data (scripts/demo-renovation-permit.ts): 李娜's renovation of 2栋1单元0801 is in
 * progress — she opens its permit and sees the validity, the working hours and her three workers' 出入证
 * codes (ID numbers masked); the gate checks the demo code ZXGK-2468 as valid, with the whole ID number.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { Paged } from '@shared/contracts/contract';
import type { GatePassView, RenovationPermitView, RenovationSummary } from '@shared/contracts/renovation.contract';
import { routes } from '@shared/routes';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

test('When 李娜 opens the 装修许可证 of her renovation in progress, then the page shows the permit, the hours and each worker’s code with the ID number masked; the gate finds the demo code valid', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner2');
  const mine = await data<Paged<RenovationSummary>>(suite.stack.invoke('renovation', 'list', { page: 1, pageSize: 20 } as never, token) as never);
  const r = mine.items.find((x) => x.unitLabel === '2栋1单元0801' && x.status === 'in_progress');
  expect(r).toBeDefined();
  const permit = await data<RenovationPermitView>(suite.stack.invoke('renovation', 'permit', { renovationId: r!.id }, token));
  expect(permit.passes).toHaveLength(3);

  const page = await suite.sim.openPage(routes.owner.renovationPermit.path, { id: r!.id });
  await page.waitForText('ZXGK-2468');
  const text = page.text();
  expect(text).toContain('2栋1单元0801');
  expect(text).toContain(`编号 ${permit.permit!.no}`);
  expect(text).toContain('安居装饰工程有限公司');
  expect(text).toContain('噪声作业');
  expect(text).toContain('黄建军');
  expect(text).toContain(permit.passes[0].idNumber);
  expect(permit.passes[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  expect(page.findAll('renovation-pass')).toHaveLength(3);
  // The owner revokes nothing: that is the staff's.
  expect(page.findAll('renovation-pass__revoke-open')).toHaveLength(0);
  expect(suite.sim.requests.every((q) => q.status === 200)).toBe(true);
  page.unload();

  const agent = await suite.loginAs('demo-agent');
  const gate = await data<GatePassView>(suite.stack.invoke('renovation', 'checkPass', { code: 'zxgk-2468' }, agent.token));
  expect(gate).toMatchObject({ verdict: 'valid', name: '黄建军', unitLabel: '2栋1单元0801' });
  expect(gate.idNumber).toMatch(/^\d{17}[\dX]$/);
});
