import type { Paged } from '@shared/contracts/contract';
import type { BoardNotice, BoardNoticeDetail, NoticeCheck, NoticeStats, NoticeSummary, NoticeTarget, NoticeView, UnreadUnit } from '@shared/contracts/notices.contract';
import { MINUTE_MS } from '@shared/domain/calendar';
import { maskPhone } from '@shared/domain/privacy';
import { NOTICE_MACHINE, NOTICE_PUSH_INTERVAL_MINUTES, renderNotice, scopeBuildingIds, summaryOf, type NoticeCategory, type NoticeHistoryEvent, type NoticeKind, type NoticeStatus } from '@shared/domain/notices';
import { routes, type PageLink } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { logger } from '../../lib/logger';
import { paged, type PageRequest } from '../../lib/paging';
import { actorOf, mutateRevision, SYSTEM, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { wechat, WechatApiError } from '../../lib/wechat/client';
import type { Caller } from '../../lib/caller';
import { buildingsOf, communityName as nameOfCommunity, ownedUnitIds, recordedOwners, unitsByIds } from '../community';
import { openidOf } from '../identity';
import { addCallTasks, cancelUnsent, deliveredCount, enqueueMany, notBeforeFor, scheduledSends } from '../messaging';
import { reachableNotices } from './notices.access';
import { ownersOf, resolveTarget } from './audience';
import { Notice, NoticeRead, type NoticeDoc } from './notice.model';
import { pushFields, templateByKey } from './templates.service';
import { isSeedingDemo } from './seeded-content';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const eventKeyOf = (id: Id | string) => `notice:${String(id)}`;
const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

/** WeChat's content-security labels (msgSecCheck v2). */
const LABELS: Record<number, string> = { 100: '正常', 10001: '广告', 20001: '时政', 20002: '色情', 20003: '辱骂', 20006: '违法犯罪', 20008: '欺诈', 20012: '低俗', 20013: '版权', 21000: '其他' };

/** Content security of what is about to go on the board (the writer's WeChat identity is the scene's user). */
export async function check(caller: Caller, input: { title: string; body: string }): Promise<NoticeCheck> {
  const identity = { openid: caller.openid || (await openidOf(caller.userId)) };
  if (!identity.openid) throw new AppError('MESSAGE.NO_WECHAT', '请在微信小程序中登录后再发布（发布前需经微信内容安全检测）');
  try {
    const r = await wechat().msgSecCheck({ content: `${input.title}\n${input.body}`, scene: 3, openid: identity.openid });
    return { suggest: r.suggest, label: LABELS[r.label] ?? '其他' };
  } catch (err) {
    if (err instanceof WechatApiError) {
      logger.warn('msgSecCheck failed', { errcode: err.errcode, errmsg: err.errmsg });
      throw new AppError('WECHAT.UNAVAILABLE', '微信内容安全检测暂时不可用，请稍后再发布');
    }
    throw err;
  }
}

/** risky blocks; review needs the writer's confirmation. */
async function passCheck(caller: Caller, title: string, body: string, confirmReview: boolean): Promise<void> {
  if (isSeedingDemo()) return;
  const r = await check(caller, { title, body });
  if (r.suggest === 'risky') throw new AppError('NOTICE.CONTENT_RISKY', `内容未通过微信安全检测（${r.label}），请修改后再发布`, { label: r.label });
  if (r.suggest === 'review' && !confirmReview) throw new AppError('NOTICE.NEEDS_CONFIRM', `内容可能涉及“${r.label}”，请确认无误后再发布`, { label: r.label });
}

function communityName(communityId: string): Promise<string> {
  return nameOfCommunity(communityId);
}

function toSummary(n: NoticeDoc, readUnits: number): NoticeSummary {
  const status: NoticeStatus = n.status === 'withdrawn' ? 'withdrawn' : n.publishAt > now() ? 'scheduled' : 'published';
  return {
    id: String(n._id),
    title: n.title,
    kind: n.kind as NoticeKind,
    category: n.category as NoticeCategory,
    status,
    pinned: Boolean(n.pinned),
    publishAt: n.publishAt.toISOString(),
    ...(n.expiresAt ? { expiresAt: n.expiresAt.toISOString() } : {}),
    revision: n.revision ?? 1,
    summary: summaryOf(n.body),
    targetText: n.targetText,
    units: (n.unitIds ?? []).length,
    read: readUnits,
  };
}

async function readUnitsOf(n: NoticeDoc): Promise<Set<string>> {
  // One short reply (the distinct unit ids), not a document per reader: one command at any number of reads.
  const units = (await NoticeRead.distinct('unitIds', { noticeId: n._id })) as unknown[];
  const target = new Set((n.unitIds ?? []).map(String));
  return new Set(units.map(String).filter((u) => target.has(u)));
}

/** The read units of several notices (those of its targeted units), in one query. */
async function readUnitsOfMany(ns: readonly NoticeDoc[]): Promise<Map<string, Set<string>>> {
  const out = new Map(ns.map((n) => [String(n._id), new Set<string>()]));
  if (!ns.length) return out;
  const targets = new Map(ns.map((n) => [String(n._id), new Set((n.unitIds ?? []).map(String))]));
  const reads = await NoticeRead.find({ noticeId: { $in: ns.map((n) => n._id) } }, { noticeId: 1, unitIds: 1 }).lean();
  for (const r of reads) {
    const k = String(r.noticeId);
    for (const u of r.unitIds ?? []) if (targets.get(k)?.has(String(u))) out.get(k)!.add(String(u));
  }
  return out;
}

async function toView(n: NoticeDoc): Promise<NoticeView> {
  const read = await readUnitsOf(n);
  const t = n.target as { kind: NoticeTarget['kind']; buildingIds?: Id[]; unitIds?: Id[]; audienceId?: Id };
  return {
    ...toSummary(n, read.size),
    body: n.body,
    signature: n.signature,
    ...(n.templateKey ? { templateKey: n.templateKey } : {}),
    values: { ...((n.values as Record<string, string>) ?? {}) },
    target: {
      kind: t.kind,
      ...(t.buildingIds ? { buildingIds: t.buildingIds.map(String) } : {}),
      ...(t.unitIds ? { unitIds: t.unitIds.map(String) } : {}),
      ...(t.audienceId ? { audienceId: String(t.audienceId) } : {}),
    },
    history: (n.history ?? []).map((h) => ({ at: iso(h.at)!, event: h.event as NoticeHistoryEvent, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
  };
}

async function load(caller: Caller, noticeId: string): Promise<NoticeDoc> {
  const n = (await Notice.findOne({ _id: new ObjectId(noticeId), ...reachableNotices(caller) }).lean()) as NoticeDoc | null;
  if (!n) throw new AppError('NOTICE.NOT_FOUND');
  return n;
}

export interface PublishInput {
  requestId: string;
  templateKey?: string;
  values: Record<string, string>;
  title: string;
  body: string;
  kind: NoticeKind;
  category: NoticeCategory;
  target: NoticeTarget;
  publishAt?: Date;
  expiresAt?: Date;
  pinned: boolean;
  confirmReview: boolean;
  /** A button under the notice to the page it is about (set by other modules, e.g. 去填写问卷; not in the contract). */
  link?: { label: string; path: PageLink };
}

/**
 * Publish (or schedule): check the variables, the time, the audience and the content, write the
 * notice, then one push per owner through the outbox (not before the publishing time): emergency
 * notices go at once and end in a call task for owners WeChat cannot reach; the others wait for
 * quiet hours to end, go at most once an hour per owner, and are not worth a call.
 */
export async function publish(caller: Caller, input: PublishInput): Promise<NoticeView> {
  const requestKey = `${caller.userId}:${input.requestId}`;
  // One notice per request (lib/idempotent.ts).
  const { doc } = await createOnce<NoticeDoc>({ model: Notice, key: `notice:${requestKey}`, build: (_id) => newNotice(caller, input, requestKey, _id) });
  // Queue the pushes — also on a replay whose first submit wrote the notice but stopped before all
  // pushes were queued (enqueueing is idempotent per owner).
  if (!doc.pushedAt && doc.status === 'published') await pushAll(doc);
  return toView((await Notice.findById(doc._id).lean()) as NoticeDoc);
}

/** The notice a publish makes, checked (nothing written). */
async function newNotice(caller: Caller, input: PublishInput, requestKey: string, _id: Id): Promise<Record<string, unknown>> {
  const at = now();
  const issues: { path: string; message: string }[] = [];
  let signature = '物业服务中心';
  if (input.templateKey) {
    const t = await templateByKey(caller, input.templateKey);
    signature = t.signature;
    for (const m of renderNotice(t, input.values).missing) issues.push({ path: `values.${m.name}`, message: `请填写${m.label}` });
    // The text speaks of some buildings (停水范围 = 1栋): never push it to everyone.
    if (input.target.kind === 'community') {
      const buildings = (await buildingsOf(caller.communityId)).map((b) => ({ id: String(b._id), name: b.name }));
      const scope = scopeBuildingIds(t.variables, input.values, buildings);
      if (scope) {
        const names = buildings.filter((b) => scope.includes(b.id)).map((b) => b.name).join('、');
        issues.push({ path: 'target', message: `通知范围是${names}，发送对象却是全体业主：请改为指定楼栋` });
      }
    }
  }
  if (/\{\{|【[^】]{1,20}】/.test(`${input.title}${input.body}`) && !issues.length) issues.push({ path: 'body', message: '正文中还有未填写的内容（{{…}} 或【…】）' });
  const publishAt = input.publishAt ?? at;
  if (publishAt.getTime() < at.getTime() - MINUTE_MS) issues.push({ path: 'publishAt', message: '定时发布的时间不能早于现在' });
  if (input.expiresAt && input.expiresAt.getTime() <= Math.max(publishAt.getTime(), at.getTime())) issues.push({ path: 'expiresAt', message: '到期时间应晚于发布时间' });
  if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });

  const communityId = new ObjectId(caller.communityId);
  const { units, text } = await resolveTarget(communityId, input.target);
  if (!units.length) throw new AppError('NOTICE.EMPTY_AUDIENCE');
  await passCheck(caller, input.title, input.body, input.confirmReview);

  const name = await communityName(caller.communityId);
  return {
    _id,
    communityId,
    requestKey,
    ...(input.templateKey ? { templateKey: input.templateKey } : {}),
    values: input.values,
    title: input.title,
    body: input.body,
    signature: `${name}${signature}`,
    kind: input.kind,
    category: input.category,
    target: {
      kind: input.target.kind,
      ...(input.target.buildingIds ? { buildingIds: input.target.buildingIds.map((id) => new ObjectId(id)) } : {}),
      ...(input.target.unitIds ? { unitIds: input.target.unitIds.map((id) => new ObjectId(id)) } : {}),
      ...(input.target.audienceId ? { audienceId: new ObjectId(input.target.audienceId) } : {}),
    },
    targetText: text,
    unitIds: units.map((u) => u._id),
    pinned: input.pinned,
    ...(input.link ? { link: { label: input.link.label, path: input.link.path } } : {}),
    publishAt,
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    status: 'published',
    revision: 1,
    rev: 0,
    history: [{ at, event: publishAt > at ? 'schedule' : 'publish', to: 'published', byId: new ObjectId(caller.userId), byName: caller.name, note: `${text}，共${units.length}户` }],
    authorId: new ObjectId(caller.userId),
  };
}

/** Queue the notice's pushes, then record that they are all queued (and how many). */
async function pushAll(n: NoticeDoc): Promise<void> {
  const name = await communityName(String(n.communityId));
  const pushed = await push(n._id, n.communityId as Id, name, n.title, n.body, n.category as NoticeCategory, n.publishAt, (n.unitIds ?? []) as Id[]);
  await Notice.updateOne({ _id: n._id }, { $set: { pushed, pushedAt: now() } });
}

/**
 * When each owner's next routine notice push may go: the first time from `from` on that is at least
 * an hour away from each of their other routine pushes (a push scheduled for next week does not hold
 * back one due today).
 */
async function nextSlots(communityId: Id, userIds: Id[], from: Date): Promise<Map<string, Date>> {
  const gap = NOTICE_PUSH_INTERVAL_MINUTES * MINUTE_MS;
  const since = new Date(from.getTime() - gap);
  const recent = await scheduledSends(communityId, 'notice.published', since);
  const wanted = new Set(userIds.map(String));
  const times = new Map<string, number[]>();
  for (const m of recent) {
    const k = String(m.recipientId);
    if (wanted.has(k)) times.set(k, [...(times.get(k) ?? []), m.notBefore.getTime()]);
  }
  // A slot in quiet hours goes at their end: compare the pushes with the time it will really go.
  const quiet = (t: number) => notBeforeFor(new Date(t), getConfig().outbox.quietHours, false).getTime();
  const slots = new Map<string, Date>();
  for (const [k, ts] of times) {
    let slot = quiet(from.getTime());
    // Ascending: a push within an hour of the slot moves it to an hour after that push.
    for (const t of ts.sort((a, b) => a - b)) if (t > slot - gap && t < slot + gap) slot = quiet(t + gap);
    slots.set(k, new Date(slot));
  }
  return slots;
}

async function push(noticeId: Id, communityId: Id, name: string, title: string, body: string, category: NoticeCategory, publishAt: Date, unitIds: Id[]): Promise<number> {
  const owners = await ownersOf(communityId, unitIds);
  const emergency = category === 'emergency';
  const slots = emergency ? new Map<string, Date>() : await nextSlots(communityId, owners.map((o) => o.userId), publishAt);
  const fields = pushFields(title, body);
  let created = 0;
  // Large chunks: on FerretDB each chunk's recipient lookups scan the users and identities once.
  for (let i = 0; i < owners.length; i += 5000) {
    const chunk = owners.slice(i, i + 5000);
    const res = await enqueueMany(
      chunk.map((o) => ({
        communityId,
        eventKey: eventKeyOf(noticeId),
        recipientUserId: o.userId,
        // Owners subscribe to routine and emergency notices separately (one template each).
        templateKey: emergency ? 'notice.emergency' : 'notice.published',
        values: { title: fields.title, publisher: `${name}物业服务中心`, time: publishAt, summary: fields.summary },
        page: routes.owner.notice({ id: String(noticeId) }),
        urgent: emergency,
        notBefore: slots.get(String(o.userId)) ?? publishAt,
        lastResort: emergency ? ('call' as const) : ('none' as const),
      })),
    );
    created += res.filter((r) => !r.skipped).length;
  }
  return created;
}

/** Apply one change through the notice's revision (lib/revision.ts), which appends the history entry. */
async function mutateNotice(id: Id | string, actor: Actor, build: (n: NoticeDoc) => Change<NoticeHistoryEvent, NoticeStatus> | null): Promise<NoticeDoc> {
  const { doc } = await mutateRevision<NoticeDoc>({ kind: 'notice', model: Notice as never, notFound: 'NOTICE.NOT_FOUND' }, id, actor, build);
  return doc;
}

/** Edit after publishing: a new revision on the board (已更新); pushes already sent are not repeated. */
export async function update(caller: Caller, input: { noticeId: string; title: string; body: string; pinned?: boolean; expiresAt?: Date | null; confirmReview: boolean; note?: string }): Promise<NoticeView> {
  const current = await load(caller, input.noticeId);
  transitionTo(NOTICE_MACHINE, current.status, 'update');
  await passCheck(caller, input.title, input.body, input.confirmReview);
  const n = await mutateNotice(current._id, actorOf(caller), (cur) => {
    transitionTo(NOTICE_MACHINE, cur.status, 'update');
    return {
      event: 'update',
      set: { title: input.title, body: input.body, revisedAt: now(), ...(input.pinned !== undefined ? { pinned: input.pinned } : {}), ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}) },
      inc: { revision: 1 },
      note: input.note ?? `第${(cur.revision ?? 1) + 1}版`,
    };
  });
  return toView(n);
}

/** 撤回: off the board; pushes not sent yet are cancelled (recorded by the system in the history). */
export async function withdraw(caller: Caller, input: { noticeId: string; reason: string }): Promise<NoticeView> {
  const current = await load(caller, input.noticeId);
  if (current.status === 'withdrawn') {
    // Withdrawn already: a withdrawal that stopped after its status was written (a crash) left pushes
    // queued. Finish that before refusing the repeat, so a retry never leaves owners being told of a
    // notice that is off the board.
    await cancelPushesOf(current);
    transitionTo(NOTICE_MACHINE, current.status, 'withdraw');
  }
  const n = await mutateNotice(current._id, actorOf(caller), (cur) => ({ event: 'withdraw', to: transitionTo(NOTICE_MACHINE, cur.status, 'withdraw'), note: input.reason }));
  return toView(await cancelPushesOf(n));
}

/** Cancel the unsent pushes of a withdrawn notice (idempotent: nothing left, nothing recorded). */
async function cancelPushesOf(n: NoticeDoc): Promise<NoticeDoc> {
  const cancelled = await cancelUnsent(eventKeyOf(n._id));
  return cancelled ? mutateNotice(n._id, SYSTEM, () => ({ event: 'cancelPushes', note: `${cancelled}条未发送的推送已取消` })) : n;
}

/** Staff: the community's notices, newest publishing time first (scheduled: still to come; published: on the board since). */
export async function list(caller: Caller, input: { status?: NoticeStatus; page: number; pageSize: number }): Promise<Paged<NoticeSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status === 'withdrawn') filter.status = 'withdrawn';
  else if (input.status) Object.assign(filter, { status: 'published', publishAt: input.status === 'scheduled' ? { $gt: now() } : { $lte: now() } });
  return paged({ model: Notice, filter, sort: { publishAt: -1, _id: -1 }, projection: { history: 0 } }, input, async (docs: NoticeDoc[]) => {
    // The page's read receipts in one query (not one per notice).
    const read = await readUnitsOfMany(docs);
    return docs.map((n) => toSummary(n, read.get(String(n._id))!.size));
  });
}

export async function get(caller: Caller, noticeId: string): Promise<NoticeView> {
  return toView(await load(caller, noticeId));
}

/** Units, pushes, deliveries and reads (a unit has read it when one of its owners opened it), by building. */
export async function stats(caller: Caller, noticeId: string): Promise<NoticeStats> {
  const n = await load(caller, noticeId);
  const read = await readUnitsOf(n);
  const delivered = await deliveredCount(eventKeyOf(n._id));
  const units = await unitsByIds((n.unitIds ?? []) as Id[]);
  const buildings = await buildingsOf(n.communityId as Id);
  return {
    units: units.length,
    pushed: n.pushed ?? 0,
    delivered,
    read: read.size,
    byBuilding: buildings
      .map((b) => {
        const mine = units.filter((u) => String(u.buildingId) === String(b._id));
        return { buildingId: String(b._id), name: b.name, units: mine.length, read: mine.filter((u) => read.has(String(u._id))).length };
      })
      .filter((b) => b.units > 0),
  };
}

/**
 * The targeted units none of whose owners has opened the notice: ids only, in the notice's order (its
 * units as resolved at publishing, by label since issue 25). The notice holds its target's ids and the
 * reads hold the readers' unit ids; the units' and owners' records are read a page (or a batch) at a time.
 */
async function unreadUnitIds(n: NoticeDoc): Promise<Id[]> {
  const [read, owned] = await Promise.all([readUnitsOf(n), ownedUnitIds(n.communityId as Id)]);
  // A unit with no owner on record (e.g. unsold) has nobody to read it or to call.
  return ((n.unitIds ?? []) as Id[]).filter((u) => !read.has(String(u)) && owned.has(String(u)));
}

/** Units (in the given order) with their recorded owners: two reads whatever the number of ids. */
async function withOwners(communityId: Id, ids: Id[]) {
  if (!ids.length) return [];
  const [units, owners] = await Promise.all([unitsByIds(ids), recordedOwners(communityId, ids)]);
  const byId = new Map(units.map((u) => [String(u._id), u]));
  return ids.flatMap((id) => {
    const unit = byId.get(String(id));
    return unit ? [{ unit, owners: owners.filter((o) => String(o.unitId) === String(id)) }] : [];
  });
}

/** callUnread turns the unread units into call tasks this many at a time (two reads and one insert per batch). */
const CALL_BATCH = 100;

/**
 * The manager home's figure: published important and emergency notices still on the board (not
 * expired) that some targeted units have not read, and how many units that is over all of them.
 */
export async function importantUnread(communityId: string): Promise<{ notices: number; units: number }> {
  const at = now();
  const live = (await Notice.find(
    { communityId: new ObjectId(communityId), status: 'published', publishAt: { $lte: at }, category: { $in: ['important', 'emergency'] } },
    { unitIds: 1, expiresAt: 1, communityId: 1 },
  ).lean()) as NoticeDoc[];
  let notices = 0;
  let units = 0;
  const current = live.filter((x) => !x.expiresAt || new Date(x.expiresAt).getTime() > at.getTime());
  // Their read receipts in one query (not one per notice).
  const read = await readUnitsOfMany(current);
  for (const n of current) {
    const missing = (n.unitIds ?? []).length - read.get(String(n._id))!.size;
    if (missing > 0) {
      notices += 1;
      units += missing;
    }
  }
  return { notices, units };
}

/**
 * 未读房屋, a page at a time (issue 25: never every unit of the community at once): the page's slice of
 * the unread ids, then only that page's units and owners. A unit without an owner on record (unsold)
 * is not listed: nobody can read it or be called.
 */
export async function unread(caller: Caller, input: { noticeId: string } & PageRequest): Promise<Paged<UnreadUnit>> {
  const n = await load(caller, input.noticeId);
  const ids = await unreadUnitIds(n);
  const start = (input.page - 1) * input.pageSize;
  const rows = await withOwners(n.communityId as Id, ids.slice(start, start + input.pageSize));
  return {
    items: rows.map(({ unit, owners }) => {
      const withPhone = owners.find((o) => o.phone);
      return { unitId: String(unit._id), label: unit.label, ownerNames: owners.map((o) => o.name), phone: withPhone ? maskPhone(withPhone.phone) : '' };
    }),
    total: ids.length,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** A call task per unit that has not read it (its first recorded owner with a phone); once per unit — in batches of CALL_BATCH units. */
export async function callUnread(caller: Caller, noticeId: string): Promise<{ created: number }> {
  const n = await load(caller, noticeId);
  if (n.status === 'withdrawn') throw new AppError('NOTICE.WITHDRAWN');
  const ids = await unreadUnitIds(n);
  let created = 0;
  for (let i = 0; i < ids.length; i += CALL_BATCH) {
    const items = (await withOwners(n.communityId as Id, ids.slice(i, i + CALL_BATCH))).flatMap(({ unit, owners }) => {
      const o = owners.find((x) => x.phone);
      if (!o) return [];
      return [
        {
          communityId: n.communityId as Id,
          eventKey: `${eventKeyOf(n._id)}:unread:${String(unit._id)}`,
          recipientId: (o.userId as Id | undefined) ?? o._id,
          name: o.name,
          phone: o.phone,
          unitLabel: unit.label,
          title: `请电话告知：${n.title}`,
          lines: [
            { label: '通知标题', value: n.title },
            { label: '内容摘要', value: summaryOf(n.body, 80) },
          ],
          reason: '业主未查看重要通知',
        },
      ];
    });
    if (items.length) created += await addCallTasks(items);
  }
  return { created };
}

/** Notices an owner may see now: published, due, not expired, for one of their units. */
function visibleTo(n: NoticeDoc, caller: Caller, at: Date): boolean {
  const mine = new Set(caller.unitIds);
  return n.status === 'published' && n.publishAt <= at && (!n.expiresAt || n.expiresAt > at) && (n.unitIds ?? []).some((u) => mine.has(String(u)));
}

/** A notice as an owner's board lists it; `seenRevision`: the revision they last opened (none: unread). */
function boardItem(n: NoticeDoc, seenRevision: number | undefined): BoardNotice {
  return {
    id: String(n._id),
    title: n.title,
    kind: n.kind as NoticeKind,
    category: n.category as NoticeCategory,
    pinned: Boolean(n.pinned),
    publishAt: n.publishAt.toISOString(),
    summary: summaryOf(n.body),
    read: seenRevision !== undefined,
    updated: (n.revision ?? 1) > 1 && (seenRevision === undefined || seenRevision < (n.revision ?? 1)),
  };
}

/**
 * An owner's board: pinned first, unread before read, newest first — paged in the database. Whether
 * a notice is read depends on the caller, so the board is four queries in a row, each sorted by
 * publishing time and paged as one list (lib/paging.ts): pinned unread, pinned read, unread, read.
 * The split comes from the caller's own read receipts (ids only: one per notice this person opened,
 * never the community's notices or other owners' receipts); the notices themselves are counted and
 * read a page at a time.
 */
export async function board(caller: Caller, input: { page: number; pageSize: number }): Promise<Paged<BoardNotice>> {
  const at = now();
  const communityId = new ObjectId(caller.communityId);
  const reads = await NoticeRead.find({ communityId, userId: new ObjectId(caller.userId) }, { noticeId: 1, revision: 1 }).lean();
  const readRevision = new Map(reads.map((r) => [String(r.noticeId), r.revision]));
  const readIds = reads.map((r) => r.noticeId);
  // What visibleTo() says, as a query: published, due, not expired, for one of the caller's units.
  const visible = {
    communityId,
    status: 'published',
    publishAt: { $lte: at },
    unitIds: { $in: caller.unitIds.map((u) => new ObjectId(u)) },
    $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }],
  };
  const part = (pinned: boolean, read: boolean) => ({
    model: Notice,
    filter: { ...visible, pinned: pinned ? true : { $ne: true }, _id: read ? { $in: readIds } : { $nin: readIds } },
    sort: { publishAt: -1 as const, _id: -1 as const },
    projection: { history: 0 as const, values: 0 as const },
  });
  return paged([part(true, false), part(true, true), part(false, false), part(false, true)], input, (docs: NoticeDoc[]) => docs.map((n) => boardItem(n, readRevision.get(String(n._id)))));
}

/** An owner opens a notice: it is marked read (at its current revision). */
export async function open(caller: Caller, noticeId: string): Promise<BoardNoticeDetail> {
  const n = await load(caller, noticeId);
  if (!visibleTo(n, caller, now())) throw new AppError('NOTICE.NOT_FOUND');
  const key = `${noticeId}:${caller.userId}`;
  const before = await NoticeRead.findById(key).lean();
  const mine = new Set(caller.unitIds);
  await NoticeRead.updateOne(
    { _id: key },
    { $set: { revision: n.revision ?? 1 }, $setOnInsert: { noticeId: n._id, communityId: n.communityId, userId: new ObjectId(caller.userId), unitIds: (n.unitIds ?? []).filter((u) => mine.has(String(u))), at: now() } },
    { upsert: true },
  );
  return {
    ...boardItem(n, before?.revision ?? undefined),
    read: true,
    body: n.body,
    signature: n.signature,
    ...(n.revisedAt ? { updatedAt: n.revisedAt.toISOString() } : {}),
    ...(n.link?.label && n.link.path ? { link: { label: n.link.label, path: n.link.path } } : {}),
  };
}
