import { Types } from 'mongoose';
import type { NoticeView } from '@shared/contracts/notices.contract';
import type { Envelope } from '@shared/errors';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { renderNotice } from '@shared/domain/notices';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from './factories';
import { ok, rid } from './repairs';
import type { Stack } from './stack';

/** Shared set-up of the notices tests: a community with three buildings (one empty), three owners, an agent and a manager. */

/** The subscribe message a notice is pushed with. */
export const NOTICE_MSG = templateByKey('notice.published')!;
/** The subscribe message an emergency notice is pushed with (owners subscribe to it separately). */
export const EMERGENCY_MSG = templateByKey('notice.emergency')!;
/** 10:00 in Shanghai (no quiet hours). */
export const DAYTIME = new Date('2026-11-27T02:00:00Z');
/** 22:30 in Shanghai (quiet hours). */
export const NIGHT = new Date('2026-11-27T14:30:00Z');
/** 08:00 the next morning in Shanghai (quiet hours end). */
export const MORNING = new Date('2026-11-28T00:00:00Z');

export const WATER_VALUES = { date: '2026年12月3日', timeRange: '09:00–12:00', contactPhone: '0571-88886666' };

export const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

export interface Person {
  id: string;
  _id: Types.ObjectId;
  name: string;
  phone: string;
  token: string;
  openid: string;
}

async function asPerson(stack: Stack, user: { _id: Types.ObjectId; name: string; phone?: string | null }): Promise<Person> {
  const token = await loginAs(stack, user._id);
  const ident = await WechatIdentity.findOne({ userId: user._id }).lean();
  return { id: String(user._id), _id: user._id, name: user.name, phone: user.phone ?? '', token, openid: ident!.openid };
}

/** What the compose page sends for a library template filled with these values (the client renders it). */
export function fromTemplate(key: string, values: Record<string, string> = {}) {
  const t = NOTICE_LIBRARY.find((x) => x.key === key);
  if (!t) throw new Error(`no library template ${key}`);
  const r = renderNotice(t, values);
  return { templateKey: key, values, title: r.title, body: r.body, kind: t.kind, category: t.category };
}

/** A free-text notice (no template). */
export function freeText(title: string, body: string, category: 'normal' | 'important' | 'emergency' = 'normal') {
  return { templateKey: undefined, values: {}, title, body, kind: 'notice' as const, category };
}

export interface NoticeWorld {
  communityId: Types.ObjectId;
  communityName: string;
  buildings: { a: string; b: string; empty: string };
  /** a1: building A floor 3, a2: building A floor 15, b1: building B floor 16. */
  units: { a1: string; a2: string; b1: string };
  owners: { a1: Person; a2: Person; b1: Person };
  agent: Person;
  manager: Person;
  /** Publish (defaults: the water-outage template filled in, to building A, by the agent). */
  publish(data?: Record<string, unknown>, token?: string): Promise<Envelope<NoticeView>>;
  /** Publish and expect success. */
  published(data?: Record<string, unknown>, token?: string): Promise<NoticeView>;
  /** Subscription credits for notice pushes (routine, or emergency ones). */
  credit(p: Person, n?: number, template?: 'notice.published' | 'notice.emergency'): Promise<void>;
}

export async function noticeWorld(stack: Stack): Promise<NoticeWorld> {
  const c = await makeCommunity();
  const a = await makeBuilding(c._id, 'A栋');
  const b = await makeBuilding(c._id, 'B栋');
  const empty = await makeBuilding(c._id, '空栋');
  const a1 = await makeUnit(c._id, a._id, { room: '0301' });
  const a2 = await makeUnit(c._id, a._id, { room: '1502' });
  const b1 = await makeUnit(c._id, b._id, { room: '1601' });
  const oa1 = await asPerson(stack, await makeOwner(c._id, [a1._id], '赵业主'));
  const oa2 = await asPerson(stack, await makeOwner(c._id, [a2._id], '钱业主'));
  const ob1 = await asPerson(stack, await makeOwner(c._id, [b1._id], '孙业主'));
  const agent = await asPerson(stack, await makeUser(c._id, { roles: ['agent'], name: '李客服' }));
  const manager = await asPerson(stack, await makeUser(c._id, { roles: ['manager'], name: '周经理' }));
  const w: NoticeWorld = {
    communityId: c._id,
    communityName: c.name,
    buildings: { a: String(a._id), b: String(b._id), empty: String(empty._id) },
    units: { a1: String(a1._id), a2: String(a2._id), b1: String(b1._id) },
    owners: { a1: oa1, a2: oa2, b1: ob1 },
    agent,
    manager,
    publish(data = {}, token = agent.token) {
      return stack.invoke('notices', 'publish', { requestId: rid(), ...fromTemplate('water-outage', WATER_VALUES), target: { kind: 'buildings', buildingIds: [String(a._id)] }, ...data } as never, token);
    },
    async published(data = {}, token = agent.token) {
      return ok(await w.publish(data, token), 'publish');
    },
    async credit(p, n = 1, template = 'notice.published') {
      const templateId = templateByKey(template)!.templateId;
      for (let i = 0; i < n; i++) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId, result: 'accept' }] }, p.token), 'reportSubscription');
    },
  };
  return w;
}

/** What the fake WeChat server accepted for a notice (its page carries the notice id). */
export function pushesOf(stack: Stack, noticeId: string) {
  return stack.wechat.messages().filter((m) => [NOTICE_MSG.templateId, EMERGENCY_MSG.templateId].includes(m.templateId) && m.page === `owner/pages/notice/index?id=${noticeId}`);
}

/** The outbox messages of a notice (first channel). */
export async function outboxOf(noticeId: string) {
  return OutboxMessage.find({ eventKey: `notice:${noticeId}`, previousId: { $exists: false } }).lean();
}
