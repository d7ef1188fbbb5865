import type { CommandStartedEvent } from 'mongodb';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { DAYTIME, ok, rid, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * What a repair report costs the database (engine-independent: commands as the driver sends them).
 * One `repairs.create` by an owner through the function's entry — validation, the session, the
 * order insert, triage, automatic dispatch to a technician on duty and the messages to the
 * technician and the owner — is at most 15 commands (issue 25; it was about 35).
 */
const TARGET = 15;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** Every command `fn` sends, as `name collection` lines (for the failure message). */
async function traced<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const client = mongoose.connection.getClient();
  const listen = (e: CommandStartedEvent) => {
    if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'killCursors'].includes(e.commandName)) return;
    const target = e.command[e.commandName];
    lines.push(`${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  };
  client.on('commandStarted', listen);
  try {
    return { value: await fn(), lines };
  } finally {
    client.off('commandStarted', listen);
  }
}

async function measure(w: World) {
  const data = { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '卫生间水管漏水' };
  return traced(() => countCommands(() => stack.invoke('repairs', 'create', data as never, w.owner.token)));
}

describe('the cost of a repair report', () => {
  test(`When an owner reports a repair in an auto-dispatch community, then create + dispatch + both messages take at most ${TARGET} database commands`, async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }] });
    // A warm-up report: the connection, the function's first call, the settings' first read.
    expect(ok(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '厨房下水道堵了' } as never, w.owner.token))).toMatchObject({ status: 'dispatched' });

    const { value, lines } = await measure(w);
    const order = ok(value.value, 'create');
    expect(order).toMatchObject({ status: 'dispatched' });
    const { tally } = value;
    const report = `repairs.create: ${describeTally(tally)}\n  ${lines.join('\n  ')}`;
    console.log(report);
    // The work was done: the order is dispatched once, the technician and the owner each get a message.
    const doc = await Repair.findById(order.id).lean();
    expect(doc!.history.map((h) => h.event)).toEqual(['create', 'dispatch']);
    const messages = await OutboxMessage.find({ eventKey: { $regex: `^repair:${order.id}:` } }).lean();
    expect(messages.map((m) => m.templateKey).sort()).toEqual(['repair.assigned', 'repair.progress']);
    if (tally.commands > TARGET) throw new Error(`a repair report took ${tally.commands} commands (target ≤ ${TARGET}):\n${report}`);
    expect(tally.commands).toBeLessThanOrEqual(TARGET);
  });

  test('When the same report is submitted again (a replay), then it answers the first order, adds no order or message, and costs no more than a report', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    const data = { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '阳台灯不亮' };
    const first = ok(await stack.invoke('repairs', 'create', data as never, w.owner.token));
    const messagesBefore = await OutboxMessage.countDocuments({ communityId: w.communityId });
    const { value, lines } = await traced(() => countCommands(() => stack.invoke('repairs', 'create', data as never, w.owner.token)));
    expect(ok(value.value).id).toBe(first.id);
    console.log(`repairs.create replay: ${describeTally(value.tally)}\n  ${lines.join('\n  ')}`);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(1);
    // A replay finishes what a crashed first submit left undone: every message is keyed, so none is added.
    expect(await OutboxMessage.countDocuments({ communityId: w.communityId })).toBe(messagesBefore);
    expect(value.tally.writtenIn.repairs ?? 0).toBe(0);
    expect(value.tally.commands).toBeLessThanOrEqual(TARGET);
  });
});
