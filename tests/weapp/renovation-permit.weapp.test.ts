/**
 * The BUILT weapp 装修许可证 page (owner/pages/renovation-permit) in miniprogram-simulate against the real
 * gateway and the demo data. The test makes its own renovation for 张伟 (1栋1单元1502, left free by the
 * demo) through the real actions — he applies and signs, 王芳 reviews, 孙涛 approves, the fees are paid at the
 * desk, 王芳 starts it —, then 张伟 opens its permit and sees the validity, the working hours and his three
 * workers' 出入证 codes (ID numbers masked); the gate checks one of his codes and the demo code ZXGK-2468
 * (scripts/demo-renovation-permit.ts: 2栋1单元0501's renovation in progress) as valid, with the whole ID number.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { Paged } from '@shared/contracts/contract';
import type { MyHome } from '@shared/contracts/community.contract';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import type { GatePassView, RenovationPermitView, RenovationSummary, RenovationView } from '@shared/contracts/renovation.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { idCheckCharacter } from '@shared/domain/contact';
import { formatPassCode } from '@shared/domain/pass-code';
import { routes } from '@shared/routes';
import { now } from '../../cloud/lib/clock';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}
type Call = (fn: string, action: string, input: Record<string, unknown>, token: string) => Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string } }>;
const call = <T>(fn: string, action: string, input: Record<string, unknown>, token: string) => data<T>((suite.stack.invoke as unknown as Call)(fn, action, input, token) as never);

// A 1×1 PNG (any PNG will do for a signature).
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const idNo = (first17: string) => first17 + idCheckCharacter(first17);
const WORKERS = [
  { name: '周立群', idNumber: idNo('33010619800512341'), phone: '13957109901' },
  { name: '吴海涛', idNumber: idNo('33012219860903572'), phone: '13957109902' },
  { name: '郑小川', idNumber: idNo('34122119910214183'), phone: '13957109903' },
];

/** 张伟's renovation, from his application to 施工中, through the actions each role uses. */
async function zhangsRenovationInProgress(): Promise<RenovationView> {
  const owner = await suite.stack.login('demo-owner');
  const [agent, manager] = [await suite.stack.login('demo-agent'), await suite.stack.login('demo-manager')];
  const home = await call<MyHome>('community', 'myHome', {}, owner);
  const unit = home.units.find((u) => u.label === '1栋1单元1502')!;
  const today = localDay(now());
  const r = await call<RenovationView>(
    'renovation',
    'create',
    {
      requestId: `weapp-permit-${Date.now().toString(36)}`,
      unitId: unit.id,
      rooms: ['客厅', '主卧'],
      works: ['painting', 'floor'],
      forbidden: [],
      description: '客厅、主卧墙面刷漆，更换木地板',
      contractor: { company: '杭州恒信装饰工程有限公司', licence: '91330100MA2WEAP01X', foreman: '周立群', phone: '13957109901' },
      workers: WORKERS,
      plannedStart: today,
      plannedEnd: addDays(today, 30),
    },
    owner,
  );
  const signature = async () => (await call<{ id: string }>('files', 'upload', { purpose: 'signature', fileName: 'signature.png', contentBase64: PNG }, owner)).id;
  await call('renovation', 'sign', { renovationId: r.id, signer: 'owner', name: '张伟', fileId: await signature() }, owner);
  await call('renovation', 'sign', { renovationId: r.id, signer: 'contractor', name: '周立群', fileId: await signature() }, owner);
  await call('renovation', 'submit', { renovationId: r.id }, owner);
  await call('renovation', 'review', { renovationId: r.id, conditions: ['装修垃圾须袋装，每日运至指定地点'] }, agent);
  const approved = await call<RenovationView>('renovation', 'approve', { renovationId: r.id, exceptions: [] }, manager);
  // The demo's fees are billed at approval: 开工 waits for them (paid at the desk, oldest bills first).
  expect(approved.bills.length).toBeGreaterThan(0);
  const account = await call<UnitAccount>('fees', 'account', { unitId: unit.id }, manager);
  const due = account.bills.filter((b) => b.status === 'open').reduce((s, b) => s + b.dueFen, 0);
  await call('fees', 'recordPayment', { unitId: unit.id, amountFen: due, method: 'cash', receiptNo: `WX-${Date.now().toString(36)}` }, manager);
  return call<RenovationView>('renovation', 'start', { renovationId: r.id }, agent);
}

test('When 张伟 opens the 装修许可证 of his renovation in progress, then the page shows the permit, the hours and each worker’s code with the ID number masked; the gate finds his code and the demo code valid', async () => {
  await suite.sim.settle();
  const started = await zhangsRenovationInProgress();
  expect(started.status).toBe('in_progress');

  const { token } = await suite.loginAs('demo-owner');
  const mine = await data<Paged<RenovationSummary>>(suite.stack.invoke('renovation', 'list', { page: 1, pageSize: 20 } as never, token) as never);
  expect(mine.items.map((x) => [x.unitLabel, x.status])).toEqual([['1栋1单元1502', 'in_progress']]);
  const permit = await data<RenovationPermitView>(suite.stack.invoke('renovation', 'permit', { renovationId: started.id }, token));
  expect(permit.passes).toHaveLength(3);

  const page = await suite.sim.openPage(routes.owner.renovationPermit.path, { id: started.id });
  await page.waitForText(formatPassCode(permit.passes[0].code));
  for (const p of permit.passes) expect(page.text()).toContain(formatPassCode(p.code));
  const text = page.text();
  expect(text).toContain('1栋1单元1502');
  expect(text).toContain(`编号 ${permit.permit!.no}`);
  expect(text).toContain('杭州恒信装饰工程有限公司');
  expect(text).toContain('噪声作业');
  for (const w of WORKERS) expect(text).toContain(w.name);
  expect(text).toContain(permit.passes[0].idNumber);
  expect(text).not.toContain(WORKERS[0].idNumber);
  expect(permit.passes[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  expect(page.findAll('renovation-pass')).toHaveLength(3);
  // The owner revokes nothing: that is the staff's.
  expect(page.findAll('renovation-pass__revoke-open')).toHaveLength(0);
  expect(suite.sim.requests.every((q) => q.status === 200)).toBe(true);
  page.unload();

  const agent = await suite.stack.login('demo-agent');
  const his = await data<GatePassView>(suite.stack.invoke('renovation', 'checkPass', { code: formatPassCode(permit.passes[0].code).toLowerCase() }, agent));
  expect(his).toMatchObject({ verdict: 'valid', unitLabel: '1栋1单元1502', name: permit.passes[0].name, idNumber: WORKERS.find((w) => w.name === permit.passes[0].name)?.idNumber });
  const demo = await data<GatePassView>(suite.stack.invoke('renovation', 'checkPass', { code: 'zxgk-2468' }, agent));
  expect(demo).toMatchObject({ verdict: 'valid', name: '黄建军', unitLabel: '2栋1单元0501' });
  expect(demo.idNumber).toMatch(/^\d{17}[\dX]$/);
});
