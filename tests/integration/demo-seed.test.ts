import { Building, Community, Unit } from '../../cloud/modules/community/community.model';
import { User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { seedDemo } from '../../scripts/demo-data';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seedDemo: true });
});
afterAll(() => stack.stop());

test('When the demo community is seeded, then it has 3 buildings, 60 units, owners and a staff of five', async () => {
  const overview = await stack.invoke('community', 'overview', {}, await stack.login('demo-manager'));
  if (!overview.ok) throw new Error(overview.error.code);
  expect(overview.data.community.name).toBe('幸福里小区');
  expect(overview.data.totals).toMatchObject({ buildings: 3, units: 60, staff: 5 });
  expect(overview.data.totals.owners).toBeGreaterThanOrEqual(45);
});

test('When each demo login code is used, then it logs in as the documented person and role', async () => {
  const expected: [string, string, string][] = [
    ['demo-owner', '张伟', 'owner'],
    ['demo-owner2', '李娜', 'owner'],
    ['demo-agent', '王芳', 'agent'],
    ['demo-tech1', '刘强', 'technician'],
    ['demo-tech2', '陈磊', 'technician'],
    ['demo-cashier', '赵敏', 'cashier'],
    ['demo-manager', '孙涛', 'manager'],
  ];
  for (const [code, name, role] of expected) {
    const res = await stack.invoke('auth', 'login', { code });
    expect(res).toMatchObject({ ok: true, data: { me: { name, roles: [role], communityName: '幸福里小区' } } });
  }
  const home = await stack.invoke('community', 'myHome', {}, await stack.login('demo-owner2'));
  if (!home.ok) throw new Error(home.error.code);
  expect(home.data.units.map((u) => u.label)).toEqual(['2栋1单元0801', '2栋1单元0802']);
});

test('When the seed runs again, then nothing is duplicated', async () => {
  const count = async () => [await Community.countDocuments(), await Building.countDocuments(), await Unit.countDocuments(), await User.countDocuments(), await WechatIdentity.countDocuments()];
  const before = await count();
  await seedDemo();
  expect(await count()).toEqual(before);
});
