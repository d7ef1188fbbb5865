import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { RepairDetail, RepairSettingsView } from '@shared/contracts/repairs.contract';
import { DEFAULT_SLA, type DispatchMode } from '@shared/domain/repairs';
import type { Envelope, ErrorBody } from '@shared/errors';
import type { Role } from '@shared/domain/roles';
import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Repair, type RepairDoc } from '../../cloud/modules/repairs/repair.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from './factories';
import type { Stack } from './stack';

/** Shared set-up of the repairs tests: a community with an owner, technicians, an agent and a manager. */

export const ALERT = templateByKey('repair.alert')!;
export const PROGRESS = templateByKey('repair.progress')!;
export const ASSIGNED = templateByKey('repair.assigned')!;
/** 10:00 in Shanghai (no quiet hours). */
export const DAYTIME = new Date('2026-11-27T02:00:00Z');

/**
 * A running clock that starts at DAYTIME: for tests that expect messages to go out at once, which
 * on the wall clock would wait for the end of the quiet hours (21:00–08:00 Shanghai) at night.
 */
export function runFromDaytime(): void {
  const offset = DAYTIME.getTime() - Date.now();
  setClock(() => new Date(Date.now() + offset));
}

export interface Person {
  id: string;
  _id: Types.ObjectId;
  name: string;
  token: string;
  openid: string;
}

export function ok<T>(res: Envelope<T>, what = 'call'): T {
  if (!res.ok) throw new Error(`${what} failed: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.details ?? {})}`);
  return res.data;
}

export function err<T>(res: Envelope<T>): ErrorBody {
  if (res.ok) throw new Error(`expected an error, got ${JSON.stringify(res.data).slice(0, 300)}`);
  return res.error;
}

export const rid = () => `req-${randomBytes(6).toString('hex')}`;

async function asPerson(stack: Stack, user: { _id: Types.ObjectId; name: string }): Promise<Person> {
  const token = await loginAs(stack, user._id);
  const ident = await WechatIdentity.findOne({ userId: user._id }).lean();
  return { id: String(user._id), _id: user._id, name: user.name, token, openid: ident!.openid };
}

export async function staff(stack: Stack, communityId: Types.ObjectId, opts: { roles: Role[]; name?: string; skills?: string[]; onDuty?: boolean }): Promise<Person> {
  const u = await makeUser(communityId, { roles: opts.roles, name: opts.name, skills: opts.skills });
  if (opts.onDuty) await u.updateOne({ onDuty: true });
  return asPerson(stack, u);
}

export interface World {
  communityId: Types.ObjectId;
  unitId: string;
  unitLabel: string;
  owner: Person;
  techs: Person[];
  agent: Person;
  manager: Person;
  /** The owner reports (defaults: 户内, 水电, a calm description → normal). */
  report(data?: Partial<Record<string, unknown>>, token?: string): Promise<RepairDetail>;
  /** Another owner of another unit of the same community. */
  otherOwner(): Promise<Person & { unitId: string }>;
  settings(patch: Partial<RepairSettingsView>): Promise<RepairSettingsView>;
}

const TECH_NAMES = ['钱师傅', '孙师傅', '李师傅', '周师傅', '吴师傅', '郑师傅', '王师傅', '冯师傅'];

export async function world(
  stack: Stack,
  opts: { techs?: { name?: string; skills?: string[]; onDuty?: boolean }[]; mode?: DispatchMode; managers?: number } = {},
): Promise<World> {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '3栋');
  const unit = await makeUnit(c._id, b._id, { room: '0502' });
  const ownerUser = await makeOwner(c._id, [unit._id], '赵业主');
  const owner = await asPerson(stack, ownerUser);
  const techs: Person[] = [];
  const specs = opts.techs ?? [{}];
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    techs.push(await staff(stack, c._id, { roles: ['technician'], name: s.name ?? TECH_NAMES[i % TECH_NAMES.length], skills: s.skills ?? ['水电', '管道疏通'], onDuty: s.onDuty ?? true }));
  }
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '孙客服' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '吴经理' });
  for (let i = 1; i < (opts.managers ?? 1); i++) await staff(stack, c._id, { roles: ['manager'], name: `经理${i}` });
  const w: World = {
    communityId: c._id,
    unitId: String(unit._id),
    unitLabel: unit.label,
    owner,
    techs,
    agent,
    manager,
    async report(data = {}, token = owner.token) {
      const res = await stack.invoke(
        'repairs',
        'create',
        { requestId: rid(), area: 'home', unitId: String(unit._id), category: '水电', description: '卧室插座松动，需要修理', ...data } as never,
        token,
      );
      return ok(res, 'create');
    },
    async otherOwner() {
      const u2 = await makeUnit(c._id, b._id, { room: '0601' });
      const o2 = await makeOwner(c._id, [u2._id], '钱业主');
      return { ...(await asPerson(stack, o2)), unitId: String(u2._id) };
    },
    async settings(patch) {
      const res = await stack.invoke('repairs', 'saveSettings', { categories: ['水电', '管道疏通', '门窗', '电梯', '其他'], dispatchMode: 'auto', poolFallbackMinutes: 10, sla: DEFAULT_SLA, ...patch } as never, manager.token);
      return ok(res, 'saveSettings');
    },
  };
  if (opts.mode && opts.mode !== 'auto') await w.settings({ dispatchMode: opts.mode });
  return w;
}

/** Subscription credits for a person (so the fake WeChat server receives their messages). */
export async function credits(stack: Stack, p: Person, templateId: string, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId, result: 'accept' }] }, p.token), 'reportSubscription');
}

/** Messages queued for a person about an order (first channel only, not fallbacks). */
export async function queued(recipient: Person | Types.ObjectId | string, templateKey: string, repairId?: string) {
  const recipientId = new Types.ObjectId(typeof recipient === 'object' && 'id' in recipient ? recipient.id : String(recipient));
  const docs = await OutboxMessage.find({ recipientId, templateKey }).sort({ createdAt: 1, _id: 1 }).lean();
  return docs.filter((d) => !d.previousId && (!repairId || d.eventKey.startsWith(`repair:${repairId}:`)));
}

export async function orderDoc(id: string): Promise<RepairDoc> {
  return (await Repair.findById(id).lean()) as RepairDoc;
}
