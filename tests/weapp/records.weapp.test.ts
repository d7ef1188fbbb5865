/**
 * The BUILT weapp staff pages that change records, in miniprogram-simulate against the real
 * gateway and database: the agent adds a resident on a unit's record (房屋资料) — the form names
 * a bad phone under its field first — and a technician goes off duty from his home.
 */
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

beforeEach(async () => {
  await suite.sim.settle();
  suite.sim.requests.length = 0;
});


test('When the agent adds a resident on a unit record, then a bad phone is named under its field and a good one is saved', async () => {
  const { token } = await suite.loginAs('demo-agent');
  const found = await suite.stack.invoke('community', 'units', { q: '2栋1单元0301' }, token);
  if (!found.ok) throw new Error(found.error.code);
  const unit = found.data.items[0];
  const page = await suite.sim.openPage('staff/pages/unit/index', { unitId: unit.id });

  await page.waitForText('房屋信息');
  expect(page.text()).toContain('2栋 · 1单元 · 0301');
  await page.tap('residents__add');
  await page.waitForText('与房屋的关系');
  await page.type('resident-form__name', '钱多多');
  await page.tap('choice', '家庭成员');
  await page.type('resident-form__phone', '12345');
  await page.tap('form-buttons__save');
  await page.waitForText('手机号格式不正确');
  expect(suite.sim.requests.some((r) => r.action === 'saveResident')).toBe(false);

  await page.type('resident-form__phone', '13712345678');
  await page.tap('form-buttons__save');
  await page.waitForText('钱多多 · 家庭成员');
  expect(page.text()).toContain('电话：13712345678');
  expect(page.findAll('resident-form')).toHaveLength(0);
  expect(suite.sim.requests).toContainEqual(expect.objectContaining({ action: 'saveResident', status: 200 }));

  const stored = await suite.stack.invoke('community', 'unit', { unitId: unit.id }, token);
  expect(stored.ok && stored.data.residents.map((r) => r.name)).toContain('钱多多');
  await suite.sim.settle();
  page.unload();
});

test('When a technician switches 值班接单 off, then the server records it and the page says 休息中', async () => {
  const { token } = await suite.loginAs('demo-tech2');
  const page = await suite.sim.openPage('staff/pages/technician/index');
  await page.waitForText('值班中');

  await page.toggle('technician__duty-switch', false);
  await page.waitForText('休息中');
  const profile = await suite.stack.invoke('community', 'myProfile', undefined, token);
  expect(profile.ok && profile.data.staff.onDuty).toBe(false);
  await suite.sim.settle();
  page.unload();
});
