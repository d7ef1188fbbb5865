import { Claim, claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { logger } from '../../lib/logger';
import type { Budget } from '../../lib/slices';
import { WechatApiError } from '../../lib/wechat/client';
import type { Channel } from '@shared/domain/messaging';
import { toCallTasks } from './call-task.service';
import { lastResortFor, plainReason, PLAIN_REASONS } from './call-policy';
import { linesOf, OutboxAttempt, OutboxMessage, OutboxQueue, recipientOf, SubscribeCredit } from './messaging.model';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { firstChannel, insertMessages, messageDocs } from './outbox.service';
import { spendCredit } from './subscription.service';
import { inQuietHours } from './quiet-hours';
import { wechatSender, type Sender } from './wechat-sender';

type Id = mongoose.Types.ObjectId;

/**
 * The outbox delivery job. Each round: read a batch of due queue entries (one scan), claim
 * `send:<id>:<n>` for each (one insertMany; a claim held by another run is skipped, one whose
 * lease ran out means that run died: attempt n is recorded as lost and n+1 is tried), then send
 * through a token bucket with a few requests in flight, record each attempt as soon as WeChat
 * answered (one insert), and settle the batch: bulk-delete the entries that are done, reschedule
 * retries (updates by _id in commands of ≤ 50), enqueue fallbacks (subscribe → OA → a call task).
 *
 * Exactly once: a graceful stop (signal) stops claiming, lets in-flight sends finish and be recorded,
 * and gives back the claims of messages not sent. A hard kill can lose only the record of the sends
 * in flight at that moment (WeChat took them, we never heard): those are sent again after the lease
 * (at-least-once, at most `concurrency` + 2 × `logEvery` duplicates per killed run: one group of
 * attempts being written and one filling meanwhile; a send that would add beyond that waits).
 *
 * In slices: one invocation stops at its `budget` (lib/slices.ts: time and items; a CloudBase timer
 * invocation has 60 s) or at `limit`. A round is sized to the items left; sends not started when the
 * budget's time runs out are given back like a graceful stop (their claims deleted), and the report
 * says `more` when due messages are left, so the next trigger (the scheduler within 1 s) continues.
 * Nothing needs a cursor: what is left is the queue itself. Several workers (CloudBase instances,
 * gateway processes) share the one queue of every community by the per-message claims above — a
 * worker skips what another claimed — so no per-community lease is needed.
 */
export interface DeliveryOptions {
  /** Stop after this many messages handled (default: until the queue has nothing due). */
  limit?: number;
  /** Queue entries per round (default OUTBOX_BATCH_SIZE). On FerretDB each round's `$in` reads scan a collection whatever the list size, so larger rounds cost less per message. */
  batchSize?: number;
  /** WeChat sends per second (default OUTBOX_RATE_PER_SECOND). */
  ratePerSecond?: number;
  /** Sends in flight at once (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  sender?: Sender;
  /** Defaults from configuration. */
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Attempts are written in groups of this many (default 50): a hard kill can leave up to twice this many + concurrency unrecorded. */
  logEvery?: number;
  /** Messages per pipelined chunk of a batch (default max(500, batch/5)): the next chunk's credits and the previous chunk's settling overlap the sends. */
  chunkSize?: number;
  /** Called with each message whose send is recorded (tests abort mid-batch with it). */
  onSent?: (outboxId: string) => void;
  /** Only these communities' messages (a manager's manual run); default every community (the queue is shared). */
  scope?: JobScope;
  /** What this invocation may do (time and items, lib/slices.ts); default: no limit but `limit` and the signal. */
  budget?: Budget;
}

export interface DeliveryReport {
  rounds: number;
  claimed: number;
  sent: number;
  retried: number;
  fellBack: number;
  failed: number;
  callTasks: number;
  /** Claimed but given back (stopped by the signal before sending). */
  released: number;
  /** Held by another run, or not due yet. */
  skipped: number;
  /** Attempts a dead run left unrecorded (result unknown; the message is tried again). */
  lost: number;
  /** Stopped by the budget or `limit` with due messages left: the next invocation continues. */
  more: boolean;
  ms: number;
  /** Where the time went (ms): reading the queue, claiming, credits, sending (incl. attempt logs), settling. */
  phases: { read: number; claim: number; credits: number; send: number; settle: number };
}

/** A token bucket: `rate` tokens per second, bursts up to `burst`. */
export function tokenBucket(rate: number, burst = Math.max(1, Math.ceil(rate / 20))) {
  let tokens = burst;
  let last = Date.now();
  let chain: Promise<void> = Promise.resolve();
  const take = async (): Promise<void> => {
    for (;;) {
      const t = Date.now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000))));
    }
  };
  return {
    take(): Promise<void> {
      const p = chain.then(take);
      chain = p.catch(() => undefined);
      return p;
    },
  };
}

interface Entry {
  _id: Id;
  communityId: Id;
  channel: Channel;
  seq: number;
  urgent?: boolean;
  touser?: string;
  templateId: string;
  page?: string;
  data: Record<string, string>;
}

interface Outcome {
  entry: Entry;
  n: number;
  kind: 'sent' | 'retry' | 'fallback' | 'failed' | 'released';
  errcode?: number;
  errmsg?: string;
  retryAt?: Date;
}

const sendKey = (id: Id | string, n: number) => `send:${String(id)}:${n}`;
const spendKey = (openid: string, templateId: string, n: number) => `spend:${openid}|${templateId}|${n}`;

export async function deliverOutbox(opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const cfg = getConfig().outbox;
  const started = Date.now();
  const leaseMs = opts.leaseMs ?? cfg.leaseMs;
  const maxAttempts = opts.maxAttempts ?? cfg.maxAttempts;
  const retryBaseMs = opts.retryBaseMs ?? cfg.retryBaseMs;
  const batchSize = opts.batchSize ?? cfg.batchSize;
  const concurrency = opts.concurrency ?? 8;
  const limit = opts.limit ?? Infinity;
  const sender = opts.sender ?? wechatSender();
  const bucket = tokenBucket(opts.ratePerSecond ?? cfg.ratePerSecond);
  const report: DeliveryReport = { rounds: 0, claimed: 0, sent: 0, retried: 0, fellBack: 0, failed: 0, callTasks: 0, released: 0, skipped: 0, lost: 0, more: false, ms: 0, phases: { read: 0, claim: 0, credits: 0, send: 0, settle: 0 } };
  const seen = new Set<string>();
  const aborted = () => opts.signal?.aborted === true;
  const budget = opts.budget;
  /** Out of time (or items, or stopped): sends not started are given back. Items are spent per round, after it. */
  const outOfBudget = () => budget?.spent === true;
  let lastRoundFull = false;

  while (!aborted() && report.claimed < limit && !outOfBudget()) {
    const t = now();
    const filter: Record<string, unknown> = { notBefore: { $lte: t }, ...inScope(opts.scope) };
    if (inQuietHours(t, cfg.quietHours)) filter.urgent = true;
    if (seen.size) filter._id = { $nin: [...seen].map((s) => new mongoose.Types.ObjectId(s)) };
    let mark = Date.now();
    const lap = (phase: keyof DeliveryReport['phases']) => {
      const t2 = Date.now();
      report.phases[phase] += t2 - mark;
      mark = t2;
    };
    const want = Math.min(batchSize, limit - report.claimed, budget?.itemsLeft ?? Infinity);
    const entries = (await OutboxQueue.find(filter).sort({ notBefore: 1, _id: 1 }).limit(want).lean()) as unknown as Entry[];
    lastRoundFull = entries.length === want;
    if (entries.length === 0) break;
    report.rounds++;
    lap('read');

    // Claim attempt `seq` of each entry in one command; resolve the ones already claimed.
    const dup = await insertIgnoringDuplicates(Claim.collection, entries.map((e) => ({ _id: sendKey(e._id, e.seq), at: now() })));
    const mine: { entry: Entry; n: number }[] = [];
    // Claims another run holds: one read tells which are younger than the lease (that run is on them:
    // skip at once); only the older ones are looked at one by one (finished, or their run died).
    const held = dup.size ? await freshClaims(entries.filter((_, i) => dup.has(i)).map((e) => sendKey(e._id, e.seq)), leaseMs) : new Set<string>();
    for (const [i, entry] of entries.entries()) {
      if (!dup.has(i)) mine.push({ entry, n: entry.seq });
      else {
        const n = held.has(sendKey(entry._id, entry.seq)) ? null : await takeOver(entry, leaseMs, report);
        // Held by another run (or just cleaned up): not again in this run. Done entries leave the queue; retries wait for their time.
        if (n === null) {
          report.skipped++;
          seen.add(String(entry._id));
        }
        else mine.push({ entry, n });
      }
    }
    report.claimed += mine.length;
    // Claims are held for the lease: a send not started by half of it is given back (released), so a
    // large batch sent slowly never runs into a takeover by another run.
    const sendBy = Date.now() + leaseMs / 2;
    lap('claim');

    // The batch goes out in chunks, pipelined: while chunk k is sent, the credits of chunk k+1 are
    // pre-spent and chunk k-1 is settled (after its attempts are written). Claims were all taken above.
    const size = Math.max(1, opts.chunkSize ?? Math.max(500, Math.ceil(mine.length / 5)));
    const chunks: { entry: Entry; n: number }[][] = [];
    for (let i = 0; i < mine.length; i += size) chunks.push(mine.slice(i, i + size));
    // Attempts are recorded in groups (one insertMany each); a hard kill loses at most the unflushed group.
    const log = attemptLog((ids) => ids.forEach((id) => opts.onSent?.(id)), opts.logEvery ?? 50);
    let settling: Promise<void> = Promise.resolve();
    const settleLater = (outcomes: Outcome[], written: Promise<void>) => {
      const p = settling.then(() => written).then(() => settle(outcomes, report));
      p.catch(() => undefined);
      settling = p;
    };
    try {
      let credits = await preSpend(chunks[0] ?? []);
      lap('credits');
      for (let k = 0; k < chunks.length; k++) {
        const chunk = chunks[k];
        // Credits for the next chunk, read while this one is sent.
        const nextCredits = k + 1 < chunks.length && !aborted() ? preSpend(chunks[k + 1]) : null;
        nextCredits?.catch(() => undefined);
        const outcomes: Outcome[] = [];
        let next = 0;
        const current = credits;
        const worker = async () => {
          while (next < chunk.length) {
            const { entry, n } = chunk[next++];
            if (aborted() || Date.now() > sendBy || outOfBudget()) {
              outcomes.push({ entry, n, kind: 'released' });
              continue;
            }
            outcomes.push(await attempt(entry, n, current.get(String(entry._id)), sender, bucket, log, { maxAttempts, retryBaseMs }));
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, chunk.length) }, worker));
        settleLater(outcomes, log.flush());
        lap('send');
        credits = nextCredits ? await nextCredits : new Map();
        lap('credits');
      }
    } finally {
      await settling;
    }
    lap('settle');
    budget?.spend(entries.length);
  }
  // Due messages are left when the run stopped early after a full round, or gave some back. (A full
  // last round that happened to empty the queue costs the next trigger one empty read.)
  report.more = report.released > 0 || (lastRoundFull && (report.claimed >= limit || outOfBudget()) && !aborted());
  report.ms = Date.now() - started;
  return report;
}

/** Of these send claims, the ones taken less than `leaseMs` ago (one read). */
async function freshClaims(keys: string[], leaseMs: number): Promise<Set<string>> {
  const since = now().getTime() - leaseMs;
  const docs = (await Claim.collection.find((keys.length === 1 ? { _id: keys[0] } : { _id: { $in: keys } }) as never, { projection: { at: 1 } }).toArray()) as unknown as { _id: string; at: Date }[];
  return new Set(docs.filter((d) => d.at.getTime() > since).map((d) => d._id));
}

/**
 * Attempt `entry.seq` was claimed before. Its run finished it (attempt recorded), or is on it (claim
 * younger than the lease), or died (claim older than the lease, nothing recorded): then the attempt
 * is recorded as lost and the next one is claimed. Returns the attempt number to make, or null.
 */
async function takeOver(entry: Entry, leaseMs: number, report: DeliveryReport): Promise<number | null> {
  for (let n = entry.seq; n < entry.seq + 50; n++) {
    const done = await OutboxAttempt.findById(`${String(entry._id)}:${n}`).lean();
    if (done?.final) {
      await OutboxQueue.collection.deleteOne({ _id: entry._id });
      return null;
    }
    if (done) {
      // A retry was recorded but its run stopped before rescheduling: respect its backoff.
      if (done.retryAt && done.retryAt > now()) {
        await OutboxQueue.updateOne({ _id: entry._id }, { $set: { seq: n + 1, notBefore: done.retryAt } });
        return null;
      }
    } else {
      const claim = await Claim.findById(sendKey(entry._id, n)).lean();
      // Send claims are permanent (no ttl): deleting one would send its message again.
      if (!claim) return (await claimOnce(sendKey(entry._id, n))) ? n : null;
      if (now().getTime() - claim.at.getTime() < leaseMs) return null;
      try {
        await OutboxAttempt.collection.insertOne({ _id: `${String(entry._id)}:${n}`, outboxId: entry._id, communityId: entry.communityId, n, at: now(), channel: entry.channel, ok: false, errmsg: '发送中断，结果未知（重新发送）' } as never);
        report.lost++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue; // recorded meanwhile: look again
      }
    }
    if (await claimOnce(sendKey(entry._id, n + 1))) return n + 1;
  }
  return null;
}

/** Buffered attempt documents, written with insertMany every `size` attempts (and at the end of a batch). */
function attemptLog(onSent: (ids: string[]) => void, size = 50) {
  let buf: Record<string, unknown>[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const docs = buf;
    buf = [];
    if (!docs.length) return writing;
    writing = writing.then(async () => {
      await insertIgnoringDuplicates(OutboxAttempt.collection, docs);
      onSent(docs.filter((d) => d.final === 'sent').map((d) => String(d.outboxId)));
    });
    return writing;
  };
  let inFlight = 0;
  const write = (): Promise<void> => {
    inFlight++;
    const p = flush();
    void p.finally(() => inFlight--).catch(() => undefined);
    return p;
  };
  return {
    /**
     * Buffer an attempt; the caller waits when its add filled the buffer (until that group is written).
     * While a group is being written one more fills; an add beyond that waits too, so at most two
     * groups are unrecorded at any time (the bound a hard kill can leave: 2 × size + the sends in flight).
     */
    add(doc: Record<string, unknown>): Promise<void> | undefined {
      buf.push(doc);
      if (buf.length >= size) return write();
      return inFlight > 1 ? writing : undefined;
    },
    flush: write,
  };
}

/**
 * Spend a credit for each subscribe message of the batch in two commands: read the recipients'
 * credit documents, claim the lowest one of each (insertMany of `spend:` claims tagged with the
 * message). A claim that exists already (spent before, or by this message in a lost attempt) leaves
 * the message to the one-by-one path. Returns message id → credit number, null (no credit at all),
 * or undefined (decide one by one).
 */
async function preSpend(mine: { entry: Entry }[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const subs = mine.filter((m) => m.entry.channel === 'subscribe' && m.entry.touser);
  if (!subs.length) return out;
  const openids = [...new Set(subs.map((m) => m.entry.touser!))];
  const docs = await SubscribeCredit.find(openids.length === 1 ? { openid: openids[0] } : { openid: { $in: openids } }, { _id: 1 }).lean();
  const byPair = new Map<string, number[]>();
  for (const d of docs) {
    const id = String(d._id);
    const cut = id.lastIndexOf('|');
    byPair.set(id.slice(0, cut), [...(byPair.get(id.slice(0, cut)) ?? []), Number(id.slice(cut + 1))]);
  }
  const taken = new Map<string, number>();
  const claims: { _id: string; at: Date; by: string }[] = [];
  const claimFor: string[] = [];
  for (const { entry } of subs) {
    const pair = `${entry.touser}|${entry.templateId}`;
    const ns = (byPair.get(pair) ?? []).sort((a, b) => a - b);
    if (!ns.length) {
      out.set(String(entry._id), null);
      continue;
    }
    const k = taken.get(pair) ?? 0;
    taken.set(pair, k + 1);
    if (k >= ns.length) continue; // more messages than credits read: one by one
    claims.push({ _id: spendKey(entry.touser!, entry.templateId, ns[k]), at: now(), by: String(entry._id) });
    claimFor.push(String(entry._id));
  }
  const dup = await insertIgnoringDuplicates(Claim.collection, claims);
  claims.forEach((c, i) => {
    if (!dup.has(i)) out.set(claimFor[i], Number(c._id.slice(c._id.lastIndexOf('|') + 1)));
  });
  return out;
}

/** One attempt: spend a credit (subscribe), call WeChat, log the attempt. */
async function attempt(
  entry: Entry,
  n: number,
  preSpent: number | null | undefined,
  sender: Sender,
  bucket: ReturnType<typeof tokenBucket>,
  log: ReturnType<typeof attemptLog>,
  o: { maxAttempts: number; retryBaseMs: number },
): Promise<Outcome> {
  let credit: number | null = null;
  const record = async (out: Omit<Outcome, 'entry' | 'n'>): Promise<Outcome> => {
    const final = out.kind === 'sent' ? 'sent' : out.kind === 'fallback' ? 'fallen-back' : out.kind === 'failed' ? 'failed' : undefined;
    await log.add({
      _id: `${String(entry._id)}:${n}`,
      outboxId: entry._id,
      communityId: entry.communityId,
      n,
      at: now(),
      channel: entry.channel,
      ok: out.kind === 'sent',
      ...(out.errcode !== undefined ? { errcode: out.errcode } : {}),
      ...(out.errmsg ? { errmsg: out.errmsg } : {}),
      ...(final ? { final } : {}),
      ...(out.retryAt ? { retryAt: out.retryAt } : {}),
    });
    return { entry, n, ...out };
  };

  if (!entry.touser) return record({ kind: 'fallback', errmsg: '没有可用的微信身份' });
  if (entry.channel === 'subscribe') {
    credit = preSpent === undefined ? await spendCredit(entry.touser, entry.templateId, String(entry._id)) : preSpent;
    if (credit === null) return record({ kind: 'fallback', errmsg: '用户没有订阅该消息（无订阅额度）' });
  }
  await bucket.take();
  try {
    if (entry.channel === 'subscribe') await sender.subscribe({ touser: entry.touser, templateId: entry.templateId, page: entry.page, data: entry.data });
    else await sender.oa({ touser: entry.touser, templateId: entry.templateId, pagepath: entry.page, data: entry.data });
    return record({ kind: 'sent' });
  } catch (err) {
    const e = err instanceof WechatApiError ? err : null;
    const errcode = e?.errcode ?? -1;
    const errmsg = (e?.errmsg ?? (err as Error).message).slice(0, 200);
    // WeChat did not use the subscription unless it said the user has none (43101).
    if (credit !== null && !(e?.kind === 'not-subscribed')) await Claim.collection.deleteOne({ _id: spendKey(entry.touser, entry.templateId, credit) } as never);
    if (!e) logger.warn('outbox send failed', { outboxId: String(entry._id), err: (err as Error).message });
    const retryable = e ? e.retryable : false;
    if (retryable && n < o.maxAttempts) return record({ kind: 'retry', errcode, errmsg, retryAt: new Date(now().getTime() + o.retryBaseMs * 2 ** (n - 1)) });
    return record({ kind: 'fallback', errcode, errmsg: retryable ? `${errmsg}（已重试${n}次）` : errmsg });
  }
}

/** Write the batch's consequences in few commands. */
async function settle(outcomes: Outcome[], report: DeliveryReport): Promise<void> {
  const released = outcomes.filter((o) => o.kind === 'released');
  if (released.length) {
    await Claim.collection.deleteMany({ _id: { $in: released.map((o) => sendKey(o.entry._id, o.n)) } } as never);
    report.released += released.length;
  }
  const retries = outcomes.filter((o) => o.kind === 'retry');
  for (let i = 0; i < retries.length; i += 50) {
    await OutboxQueue.bulkWrite(
      retries.slice(i, i + 50).map((o) => ({ updateOne: { filter: { _id: o.entry._id }, update: { $set: { seq: o.n + 1, notBefore: o.retryAt } } } })),
      { ordered: false },
    );
  }
  report.retried += retries.length;
  const done = outcomes.filter((o) => o.kind === 'sent' || o.kind === 'fallback' || o.kind === 'failed');
  report.sent += outcomes.filter((o) => o.kind === 'sent').length;
  report.failed += outcomes.filter((o) => o.kind === 'failed').length;
  const fallbacks = outcomes.filter((o) => o.kind === 'fallback');
  if (fallbacks.length) await fallBack(fallbacks, report);
  if (done.length) await OutboxQueue.collection.deleteMany({ _id: { $in: done.map((o) => o.entry._id) } });
}

/** Next channel for each fallen-back message: OA when the person follows the account, else a call task. */
async function fallBack(outcomes: Outcome[], report: DeliveryReport): Promise<void> {
  const msgs = await OutboxMessage.find(outcomes.length === 1 ? { _id: outcomes[0].entry._id } : { _id: { $in: outcomes.map((o) => o.entry._id) } }).lean();
  const byId = new Map(msgs.map((m) => [String(m._id), m]));
  const docs = [];
  const reasons = new Map<string, string>();
  for (const o of outcomes) {
    const m = byId.get(String(o.entry._id));
    if (!m) continue; // a queue entry whose message was never written (crash at enqueue)
    const recipient = recipientOf(m.recipient);
    const reachable = firstChannel(recipient, m.channel as Channel);
    // Not worth a call (a staff alert, routine news; call-policy.ts): the message stays in 我的消息.
    const lastResort = lastResortFor(m.templateKey, m.lastResort as 'call' | 'none' | undefined);
    if (reachable === 'call' && lastResort === 'none') continue;
    const channel = reachable;
    const d = messageDocs(
      { communityId: m.communityId as Id, eventKey: m.eventKey, recipientId: m.recipientId as Id, templateKey: m.templateKey, urgent: Boolean(m.urgent), recipient, previousId: m._id as Id, ...(m.lastResort === 'none' ? { lastResort: 'none' as const } : {}) },
      { title: m.title, lines: linesOf(m.lines), ...(m.page ? { page: m.page } : {}), ...(m.oa ? { oa: m.oa as never } : {}) },
      channel,
      now(),
    );
    // A fallback is due now (quiet hours were respected by the first channel, or the message is urgent).
    if (d.queue) d.queue.notBefore = now();
    docs.push(d);
    // Agents read plain words; the WeChat error stays in the attempt (the manager's outbox).
    reasons.set(String(d.msg._id), plainReason(o.errcode));
  }
  report.fellBack += docs.length;
  const { call } = await insertMessages(docs);
  if (call.length) report.callTasks += await toCallTasks(call.map((d) => ({ message: d.msg, reason: reasons.get(String(d.msg._id)) ?? PLAIN_REASONS.failed })));
}
