import { contracts, type Access } from '@shared/contracts';
import { ROLES, type Role } from '@shared/domain/roles';
import { functions } from '../../cloud/functions';
import { linkWechat, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The authorization matrix, generated from the policy table (shared/contracts): every action ×
 * every role × target in the same/other community × the caller's own/another unit. Each cell's
 * expected outcome follows from the action's declared policy alone; the test asserts the real
 * outcome matches, and that no allowed answer carries another community's (or, for owners,
 * another owner's) data. A new action without a sample input here fails the test.
 */
interface Target {
  community: 'same' | 'other';
  unit: 'own' | 'other';
}
interface World {
  buildingA: string;
  buildingB: string;
  ownUnit: string; // the owner caller's unit in A
  otherUnitA: string; // another owner's unit in A
  unitB: string;
  /** Values that must never appear in an answer to a caller of community A. */
  foreign: string[];
  /** Values that must never appear in an answer to the owner caller. */
  otherOwners: string[];
  callers: Record<Role, { openid: string }>;
}
type Sample = (t: Target, w: World, caller: { code: () => string }) => unknown;

const building = (t: Target, w: World) => (t.community === 'same' ? w.buildingA : w.buildingB);

/** One sample input per action; target-dependent where the action takes a record id. */
const SAMPLES: Record<string, Sample> = {
  'auth.loginOptions': () => ({}),
  'auth.login': (_t, _w, c) => ({ code: c.code() }),
  'auth.me': () => ({}),
  'auth.refresh': () => ({}),
  'auth.logout': () => ({}),
  'community.myHome': () => ({}),
  'community.myProfile': () => ({}),
  'community.overview': () => ({}),
  'community.units': (t, w) => ({ buildingId: building(t, w) }),
  'community.staff': () => ({}),
};

type Outcome = 'allow' | 'forbidden' | 'not-found' | 'unauthenticated';

/** What the policy says should happen. */
function expected(access: Access, role: Role | null, t: Target, input: Record<string, unknown>): Outcome {
  if (access === 'public') return 'allow';
  if (role === null) return 'unauthenticated';
  if (!access.roles.includes(role)) return 'forbidden';
  for (const [field, kind] of Object.entries(access.refs ?? {})) {
    if (input[field] === undefined) continue;
    if (t.community === 'other') return 'not-found';
    if (kind === 'ownUnit' && (t.unit === 'other' || role !== 'owner')) return 'not-found';
  }
  return 'allow';
}

function outcomeOf(res: { ok: boolean; error?: { code: string } }): Outcome | string {
  if (res.ok) return 'allow';
  const code = res.error?.code ?? '';
  if (code === 'AUTH.FORBIDDEN') return 'forbidden';
  if (code === 'AUTH.UNAUTHENTICATED') return 'unauthenticated';
  if (code.endsWith('.NOT_FOUND')) return 'not-found';
  return code;
}

let stack: Stack;
let world: World;

beforeAll(async () => {
  stack = await startStack();
  const a = await makeCommunity({ name: '矩阵甲小区' });
  const b = await makeCommunity({ name: '矩阵乙小区' });
  const bA = await makeBuilding(a._id, '1栋');
  const bB = await makeBuilding(b._id, '1栋');
  const own = await makeUnit(a._id, bA._id, { room: '101' });
  const otherA = await makeUnit(a._id, bA._id, { room: '102' });
  const uB = await makeUnit(b._id, bB._id, { room: '101' });
  const owner = await makeOwner(a._id, [own._id], '矩阵业主', '13800000101');
  const otherOwner = await makeOwner(a._id, [otherA._id], '隔壁业主', '13800000102');
  await makeResident(a._id, otherA._id, { name: '隔壁家属', relation: 'family', phone: '13800000103' });
  const ownerB = await makeOwner(b._id, [uB._id], '乙区业主', '13800000104');
  await makeResident(b._id, uB._id, { name: '乙区租户', relation: 'tenant', phone: '13800000105' });
  const staffB = await makeUser(b._id, { roles: ['agent', 'technician', 'cashier', 'manager'], name: '乙区员工' });
  const callers = {} as World['callers'];
  for (const role of ROLES) {
    const user = role === 'owner' ? owner : await makeUser(a._id, { roles: [role], name: `矩阵${role}`, skills: role === 'technician' ? ['水电'] : [] });
    callers[role] = { openid: await linkWechat(user._id) };
  }
  world = {
    buildingA: String(bA._id),
    buildingB: String(bB._id),
    ownUnit: String(own._id),
    otherUnitA: String(otherA._id),
    unitB: String(uB._id),
    // Full phone numbers never appear in any answer (lists are masked).
    foreign: [b._id, bB._id, uB._id, ownerB._id, staffB._id].map(String).concat(['矩阵乙小区', '乙区业主', '乙区租户', '乙区员工', uB.label, '13800000101', '13800000103', '13800000104']),
    otherOwners: [String(otherA._id), String(otherOwner._id), '隔壁业主', '隔壁家属', otherA.label],
    callers,
  };
});
afterAll(() => stack.stop());

const TARGETS: Target[] = [
  { community: 'same', unit: 'own' },
  { community: 'same', unit: 'other' },
  { community: 'other', unit: 'own' },
  { community: 'other', unit: 'other' },
];

test('When the policy table is read, then every action has a sample input for the matrix', () => {
  const declared = Object.entries(contracts).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));
  expect(declared.filter((k) => !SAMPLES[k])).toEqual([]);
  expect(Object.keys(SAMPLES).filter((k) => !declared.includes(k))).toEqual([]);
});

test('When every role calls every action on every target, then allow/deny follows the policy and nothing leaks', async () => {
  const mismatches: string[] = [];
  const leaks: string[] = [];
  let cells = 0;
  for (const [fn, actions] of Object.entries(contracts)) {
    for (const [actionName, spec] of Object.entries(actions)) {
      for (const role of [...ROLES, null]) {
        for (const t of TARGETS) {
          const openid = role ? world.callers[role].openid : `o_anonymous_${cells}`;
          const code = () => stack.wechat.mintCode(openid);
          const input = SAMPLES[`${fn}.${actionName}`](t, world, { code }) as Record<string, unknown>;
          // A fresh session per cell: refresh and logout end the session they are called with.
          const token = role ? await stack.login(code()) : undefined;
          const res = (await functions[fn as keyof typeof functions](
            { action: actionName, data: input },
            { transport: 'gateway', requestId: `matrix-${cells}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          )) as { ok: boolean; error?: { code: string } };
          cells++;
          const want = fn === 'auth' && actionName === 'login' && role === null ? 'not-registered' : expected(spec.access as Access, role, t, input);
          const got = fn === 'auth' && actionName === 'login' && role === null && res.error?.code === 'AUTH.NOT_REGISTERED' ? 'not-registered' : outcomeOf(res);
          const cell = `${fn}.${actionName} as ${role ?? 'anonymous'} on ${t.community} community / ${t.unit} unit`;
          if (got !== want) mismatches.push(`${cell}: expected ${want}, got ${got}`);
          if (res.ok) {
            const text = JSON.stringify(res);
            for (const v of world.foreign) if (text.includes(v)) leaks.push(`${cell}: shows ${v}`);
            if (role === 'owner') for (const v of world.otherOwners) if (text.includes(v)) leaks.push(`${cell}: shows ${v}`);
          }
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(leaks).toEqual([]);
  expect(cells).toBe(Object.values(contracts).reduce((n, a) => n + Object.keys(a).length, 0) * (ROLES.length + 1) * TARGETS.length);
}, 120_000);
