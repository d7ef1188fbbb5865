import { Types } from 'mongoose';
import type { RenovationBoardView } from '@shared/contracts/renovation-completion.contract';
import { setClock } from '../../cloud/lib/clock';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { BOARD_SECTION_LIMIT } from '../../cloud/modules/renovation/board.service';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { ok } from '../helpers/wechat-pay';

/**
 * The manager's renovation board as bounded sections (issue 25): each section at most
 * BOARD_SECTION_LIMIT rows sorted in the database with its total, the contractor table one `$group`;
 * the same number of commands at any number of renovations.
 */
let stack: Stack;
const clock = new Date('2026-12-06T02:00:00Z'); // 2026-12-06 in Shanghai
beforeAll(async () => {
  setClock(() => clock);
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

let seq = 0;
const STATUSES = ['submitted', 'reviewed', 'in_progress', 'suspended', 'accepted', 'draft', 'cancelled'] as const;

/** `n` renovations of a community: statuses cycling, planned ends spread before and after today, 30 companies. */
async function renovations(communityId: Types.ObjectId, n: number): Promise<void> {
  const docs = Array.from({ length: n }, (_, k) => {
    const i = ++seq;
    const status = STATUSES[k % STATUSES.length];
    const unitId = new Types.ObjectId();
    return {
      communityId,
      unitId,
      buildingId: new Types.ObjectId(),
      unitLabel: `${1 + (k % 9)}栋${String(100 + k)}`,
      no: `ZX-B-${i}`,
      openKey: String(unitId),
      requestKey: `renovation:board:${i}`,
      ownerName: `业主${k}`,
      status,
      works: ['floor'],
      contractor: { company: `装饰公司${k % 30}`, licence: '', foreman: '', phone: '' },
      plannedStart: '2026-10-01',
      plannedEnd: `2026-${k % 2 ? '11' : '12'}-${String(1 + (k % 28)).padStart(2, '0')}`,
      submittedAt: new Date(clock.getTime() - (n - k) * 60_000),
      ...(k % 3 ? { nextPatrolOn: `2026-12-${String(7 + (k % 20)).padStart(2, '0')}` } : {}),
      violationCount: k % 5,
      openViolations: k % 3,
    };
  });
  await Renovation.insertMany(docs);
}

async function community(n: number): Promise<string> {
  const c = await makeCommunity();
  await renovations(c._id, n);
  return loginAs(stack, (await makeUser(c._id, { roles: ['manager'], name: '管理员老周' }))._id);
}

const board = async (token: string) => countCommands(async () => ok<RenovationBoardView>(await stack.invoke('renovation', 'board', {}, token)));

test('When a community has more renovations than a section shows, then each section lists its first rows in order with the whole count, and the contractor table ranks every company', async () => {
  const token = await community(700);
  const { value: b } = await board(token);
  // 700 renovations, 100 of each status.
  expect(b.counts.waiting).toBe(200);
  expect(b.counts.active).toBe(200);
  expect(b.counts.depositsHeld).toBe(100);
  for (const rows of [b.waiting, b.active, b.depositsHeld]) expect(rows).toHaveLength(BOARD_SECTION_LIMIT);
  expect(b.overdue.length).toBe(Math.min(BOARD_SECTION_LIMIT, b.counts.overdue));
  expect(b.counts.overdue).toBeGreaterThan(BOARD_SECTION_LIMIT);

  const submitted = b.waiting.map((r) => r.no);
  expect(new Set(submitted).size).toBe(BOARD_SECTION_LIMIT);
  const patrols = b.active.map((r) => r.nextPatrolOn ?? '9999');
  expect(patrols).toEqual([...patrols].sort());
  const overdue = b.overdue.map((r) => r.daysOverdue!);
  expect(overdue).toEqual([...overdue].sort((x, y) => y - x));
  const held = b.depositsHeld.map((r) => r.openViolations);
  expect(held).toEqual([...held].sort((x, y) => y - x));
  expect(b.depositsHeld.every((r) => r.status === 'accepted')).toBe(true);

  // Contractors: 30 companies over the 500 renovations past the application (not draft, not cancelled).
  expect(b.contractors).toHaveLength(20);
  const keys = b.contractors.map((c) => [c.violations, c.renovations]);
  expect(keys).toEqual([...keys].sort((x, y) => y[0] - x[0] || y[1] - x[1]));
  const expected = new Map<string, { company: string; renovations: number; violations: number }>();
  for (let k = 0; k < 700; k++) {
    if (k % 7 >= 5) continue; // draft, cancelled
    const e = expected.get(`装饰公司${k % 30}`) ?? { company: `装饰公司${k % 30}`, renovations: 0, violations: 0 };
    e.renovations += 1;
    e.violations += k % 5;
    expected.set(e.company, e);
  }
  for (const c of b.contractors) expect(c).toEqual(expected.get(c.company));
  const best = Math.max(...[...expected.values()].map((e) => e.violations));
  expect(b.contractors[0].violations).toBe(best);
}, 120_000);

test('When the board has 14 and then 700 renovations, then it costs no more commands (a count and a read per section, one aggregate)', async () => {
  const small = await board(await community(14));
  const large = await board(await community(700));
  expect(small.value.counts.waiting).toBe(4);
  expect(large.value.counts.waiting).toBe(200);
  console.log(`renovation.board: 14 renovations ${describeTally(small.tally)}; 700 renovations ${describeTally(large.tally)}`);
  // The on-site section is two parts (a patrol planned, none): when the first fills the section the second is only counted.
  expect(large.tally.commands).toBeLessThanOrEqual(small.tally.commands);
  expect(small.tally.commands - large.tally.commands).toBeLessThanOrEqual(1);
}, 120_000);
