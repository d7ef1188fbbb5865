import type { Caller } from '../../cloud/lib/caller';
import { accessRegistry, checkRefs } from '../../cloud/runtime/authorize';
import { community } from '../../shared/contracts/contract';

const caller = { userId: '64b000000000000000000001', name: '王芳', roles: ['agent'], communityId: '64b000000000000000000002', unitIds: [] } as unknown as Caller;
const looked: string[] = [];
const registry = accessRegistry([{ building: { code: 'BUILDING.NOT_FOUND', reachable: async (id) => (looked.push(String(id)), String(id) === '64b0000000000000000000aa') } }]);
const policy = community(['agent'], { buildingId: 'building' });

beforeEach(() => (looked.length = 0));

test('When a nullable reference is cleared (null), then nothing is looked up and the call goes on (no 500 on a null id)', async () => {
  await expect(checkRefs(policy, { buildingId: null }, caller, registry)).resolves.toBeUndefined();
  await expect(checkRefs(policy, {}, caller, registry)).resolves.toBeUndefined();
  expect(looked).toEqual([]);
});

test('When a reference is given, then it is checked: reachable goes on, unreachable answers its not-found code', async () => {
  await expect(checkRefs(policy, { buildingId: '64b0000000000000000000aa' }, caller, registry)).resolves.toBeUndefined();
  await expect(checkRefs(policy, { buildingId: '64b0000000000000000000bb' }, caller, registry)).rejects.toMatchObject({ code: 'BUILDING.NOT_FOUND' });
  expect(looked).toEqual(['64b0000000000000000000aa', '64b0000000000000000000bb']);
});
