import { AppError } from './app-error';
import { now } from './clock';
import { DAY_MS, HOUR_MS, localWindow, MINUTE_MS, whenText } from '@shared/domain/calendar';
import { isDuplicateKey, mongoose } from './db';

/**
 * THE rate limiter: every "at most N per window" of the platform — quotas on what people create
 * (repairs, complaints, uploads), wrong tries (binding), logins — is one declaration here:
 *
 *     const inquiries = rateLimit('desk.inquiries', { limits: [{ max: 10, windowMs: HOUR_MS }, { max: 30, windowMs: DAY_MS }], says: { action: '提交咨询', unit: '次' } });
 *
 *     const taken = await inquiries.take(caller.userId);   // before the work; throws 429 RATE.LIMITED, taking nothing
 *     …                                                     // on failure, a duplicate or a replay: await taken.giveBack()
 *
 * - **Fixed windows** aligned to Beijing time (an hour from :00, a day from 00:00), several per
 *   limit; a take must fit into every one of them, and when a later window refuses, what the earlier
 *   ones took is given back. Refused: `429 RATE.LIMITED` with `details.retryAfterSeconds` (until the
 *   refusing window ends; the gateway makes `Retry-After` of it), `limit` and `windowSeconds`, and a
 *   Chinese message: a quota's wording (`says: { action, unit, hint }` → 1小时内最多提交报修10次，请于
 *   11:00后再试（约49分钟后）。紧急情况请直接致电物业服务中心) or the caller's own (`says: (wait) => …`,
 *   e.g. 尝试次数过多，请N分钟后再试).
 *   A fixed window lets up to 2 × max through around a window's edge (max just before the end, max
 *   just after): accepted for every limit here (abuse and spam control, not billing).
 * - **Take before evaluating, give back after**: a try is counted before an answer or code is
 *   checked, so a burst is cut at exactly max; `giveBack()` when it should not count after all (a
 *   right binding answer, a login whose code was valid, a create that failed or was a replay).
 *   `taken.left` is what is left in the tightest window after this take (binding shows it).
 * - **Amounts**: `unitBytes` makes `take(subject, bytes)` take one slot per started unit (1 per
 *   started MB: a 1.2 MB photo counts 2 MB); the limits and the message count those units.
 *
 * How it counts, exactly and cheaply on FerretDB (where a guarded update is not atomic, and any read
 * or delete that is not an `_id` hit scans the whole collection; an insert, new or duplicate, costs
 * ≈ 1 ms at any size): the n-th unit of a window is the slot `<name>:<subject>:<window s>:<window
 * no.>:<n>`, a document with a unique `_id`, and only n = 1…max exist. Taking inserts the next
 * numbers (one command; racing inserters of one number: one wins, the others go on to the next), so
 * of N simultaneous takes against max M exactly M pass, and no take reads or counts anything.
 * Each process remembers per subject and window how far the numbers are taken (a hint), so a take
 * costs one insert per window; a process without a hint walks up from 1 (≤ max inserts); a
 * refusal checks once, in one command, for numbers given back below (≤ max duplicate inserts).
 * `giveBack()` deletes its slots (a scan of their collection: so a limit that gives back most of
 * its takes — the failed-login tries — declares `givesBackOften` and keeps its slots in a small
 * collection of its own). Housekeeping deletes the slots of ended windows (`deleteEndedWindows`,
 * one range delete per collection): the collections hold only current windows. bench/rate-limit.ts
 * measures it.
 */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/** The refusal message of a quota: `<window>内最多<action><max><unit>，请于<time>后再试（约…后）。<hint>`. */
export interface QuotaWording {
  /** What is limited, as a verb phrase: 提交报修, 上传照片. */
  action: string;
  /** The measure word (次, 张) or unit (MB) of `max`. */
  unit: string;
  /** Appended to the message (e.g. where to turn in an emergency). */
  hint?: string;
}

export interface RateWait {
  /** Whole minutes until the refusing window ends (at least 1). */
  minutes: number;
  retryAt: Date;
}

export interface RateLimitSpec {
  limits: RateWindow[];
  says: QuotaWording | ((wait: RateWait) => string);
  /** Amounts are bytes, taken as one slot per started `unitBytes`. */
  unitBytes?: number;
  /** Most takes are given back (failed-login tries): the slots live in a small collection of their own. */
  givesBackOften?: boolean;
}

export interface RateTaken {
  /** What is left in the tightest window after this take, as far as the slot numbers tell. */
  left: number;
  /** The take does not count after all. Idempotent. */
  giveBack(): Promise<void>;
}

export interface RateLimit {
  /** Takes `amount` (default 1; bytes with `unitBytes`) for the subject in every window, or throws RATE.LIMITED taking nothing. */
  take(subject: string, amount?: number): Promise<RateTaken>;
}

const slotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    /** The end of the slot's window: from then on it counts nowhere. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// No TTL index: FerretDB v1 refuses `expireAfterSeconds` (code 238); housekeeping deletes instead (by this index on MongoDB).
slotSchema.index({ expiresAt: 1 });
export const RateSlot = mongoose.model('RateSlot', slotSchema);
/** The slots of limits declared `givesBackOften` (a give-back scans only this small collection). */
export const RateTry = mongoose.model('RateTry', slotSchema);

type SlotModel = typeof RateSlot;

/** Housekeeping: delete the slots of windows that have ended (one range delete per collection). */
export async function deleteEndedWindows(at: Date, limit?: number): Promise<number> {
  let deleted = 0;
  for (const model of [RateSlot, RateTry]) {
    if (limit === undefined) deleted += (await model.collection.deleteMany({ expiresAt: { $lte: at } })).deletedCount;
    else if (deleted < limit) deleted += await deleteBatch(model.collection, { expiresAt: { $lte: at } }, limit - deleted);
  }
  return deleted;
}

/** A bounded delete (housekeeping's budget): at most `limit` documents matching `filter`, by id. */
async function deleteBatch(collection: mongoose.mongo.Collection, filter: Record<string, unknown>, limit: number): Promise<number> {
  const ids = (await collection.find(filter as never, { projection: { _id: 1 }, limit }).toArray()).map((d) => d._id);
  return ids.length ? (await collection.deleteMany({ _id: { $in: ids } } as never)).deletedCount : 0;
}

/**
 * Housekeeping: failed tries recorded by the limiter this one replaced (collection `failures`, read
 * by nothing now), deleted by name once a day old like that limiter's own cleanup did. Drop it once
 * no database has any.
 */
export async function deleteLegacyFailures(at: Date, limit?: number): Promise<number> {
  const filter = { at: { $lt: new Date(at.getTime() - DAY_MS) } };
  if (limit !== undefined) return deleteBatch(mongoose.connection.collection('failures'), filter, limit);
  const { deletedCount } = await mongoose.connection.collection('failures').deleteMany(filter);
  return deletedCount;
}

/** Inserts the slots; returns which of them this call inserted (the others were taken). */
function insertSlots(model: SlotModel, ids: string[], expiresAt: Date): Promise<boolean[]> {
  return insertSlotDocs(model, ids.map((_id) => ({ _id, expiresAt })));
}

/** Inserts slots (each with its window's end); returns which of them this call inserted (the others were taken). */
async function insertSlotDocs(model: SlotModel, docs: { _id: string; expiresAt: Date }[]): Promise<boolean[]> {
  const ids = docs.map((d) => d._id);
  if (docs.length === 1) {
    const { expiresAt } = docs[0];
    try {
      await model.collection.insertOne({ _id: ids[0], expiresAt } as never);
      return [true];
    } catch (err) {
      if (isDuplicateKey(err)) return [false];
      throw err;
    }
  }
  try {
    await model.collection.insertMany(docs.map((d) => ({ ...d }) as never), { ordered: false });
    return ids.map(() => true);
  } catch (err) {
    const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
    const errors = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index: number; code: number }[];
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw err;
    const taken = new Set(errors.map((e) => e.index));
    return ids.map((_, i) => !taken.has(i));
  }
}

function span(ms: number): string {
  if (ms === DAY_MS) return '每天';
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}天内`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}小时内`;
  return `${Math.round(ms / MINUTE_MS)}分钟内`;
}

function quotaMessage(w: QuotaWording, limit: RateWindow, wait: RateWait, from: Date): string {
  const amount = /^[A-Za-z]/.test(w.unit) ? `${limit.max} ${w.unit}` : `${limit.max}${w.unit}`;
  const about = wait.minutes >= 60 ? `约${Math.round(wait.minutes / 60)}小时后` : `约${wait.minutes}分钟后`;
  return `${span(limit.windowMs)}最多${w.action}${amount}，请于${whenText(wait.retryAt, from)}后再试（${about}）${w.hint ? `。${w.hint}` : ''}`;
}

/** Hints kept per limit before the map starts over (one per subject and window in use). */
const HINTS_MAX = 10_000;

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

export function rateLimit(name: string, spec: RateLimitSpec): RateLimit {
  if (!spec.limits.length) throw new Error(`rateLimit ${name}: no limits`);
  const slots: SlotModel = spec.givesBackOften ? RateTry : RateSlot;
  /** Per `<prefix>`: slot numbers 1…hint are (as far as this process knows) taken. */
  const hints = new Map<string, number>();
  const hintOf = (prefix: string) => hints.get(prefix) ?? 0;
  const setHint = (prefix: string, n: number) => {
    if (hints.size >= HINTS_MAX && !hints.has(prefix)) hints.clear();
    hints.set(prefix, n);
  };

  interface Held {
    prefix: string;
    numbers: number[];
  }

  async function giveBack(held: Held[]): Promise<void> {
    for (const h of held) {
      for (const n of h.numbers) await slots.collection.deleteOne({ _id: `${h.prefix}:${n}` } as never);
      if (h.numbers.length) setHint(h.prefix, Math.min(hintOf(h.prefix), Math.min(...h.numbers) - 1));
    }
  }

  /**
   * Claims `need` numbers of one window; returns those it got (fewer: the window is full) and how
   * many are left after them, as far as this take saw. `tried`: the numbers from the hint up that a
   * first insert for every window at once already tried (`took`: those it got).
   */
  async function claim(prefix: string, max: number, need: number, expiresAt: Date, tried?: { numbers: number[]; took: number[] }): Promise<{ got: number[]; left: number }> {
    const got: number[] = [...(tried?.took ?? [])];
    const start = Math.min(hintOf(prefix), max);
    const idsOf = (ns: number[]) => ns.map((n) => `${prefix}:${n}`);
    // Upwards from what this process knows is taken, as many at a time as are still needed.
    let next = tried?.numbers.length ? tried.numbers[tried.numbers.length - 1] + 1 : start + 1;
    while (got.length < need && next <= max) {
      const batch = range(next, Math.min(max, next + need - got.length - 1));
      const inserted = await insertSlots(slots, idsOf(batch), expiresAt);
      got.push(...batch.filter((_, i) => inserted[i]));
      next = batch[batch.length - 1] + 1;
    }
    setHint(prefix, Math.max(hintOf(prefix), next - 1));
    if (got.length === need) return { got, left: max - got[got.length - 1] };
    if (start > 0) {
      // Full above the hint: numbers given back below it are free again (one command for them all).
      const below = range(1, start);
      const inserted = await insertSlots(slots, idsOf(below), expiresAt);
      const free = below.filter((_, i) => inserted[i]);
      const keep = free.slice(0, need - got.length);
      const extra = free.slice(keep.length);
      got.push(...keep);
      if (extra.length) await giveBack([{ prefix, numbers: extra }]);
      return { got, left: extra.length };
    }
    return { got, left: 0 };
  }

  return {
    async take(subject, amount = 1) {
      const from = now();
      const at = from.getTime();
      const units = Math.max(1, Math.ceil(spec.unitBytes ? amount / spec.unitBytes : amount));
      // Fullest window first (as this process knows it), then the smaller limit: a refusal then
      // usually comes before anything was taken in another window that would have to be given back.
      const windows = spec.limits
        .map((limit) => {
          const { index, end } = localWindow(at, limit.windowMs);
          const prefix = `${name}:${subject}:${limit.windowMs / 1000}:${index}`;
          return { limit, prefix, end, full: hintOf(prefix) / limit.max };
        })
        .sort((a, b) => b.full - a.full || a.limit.max - b.limit.max);
      // Several windows with room (as this process knows them): the next numbers of all of them in
      // one insert (a report's hour and day quota: one command, not two); a window where some were
      // taken meanwhile goes on from there on its own.
      const first = windows.map((w) => range(Math.min(hintOf(w.prefix), w.limit.max) + 1, Math.min(w.limit.max, hintOf(w.prefix) + units)));
      const tried = new Map<string, { numbers: number[]; took: number[] }>();
      if (windows.length > 1 && first.every((numbers) => numbers.length === units)) {
        const docs = windows.flatMap((w, k) => first[k].map((n) => ({ _id: `${w.prefix}:${n}`, expiresAt: w.end })));
        const inserted = await insertSlotDocs(slots, docs);
        let i = 0;
        windows.forEach((w, k) => {
          const took = first[k].filter(() => inserted[i++]);
          tried.set(w.prefix, { numbers: first[k], took });
        });
      }
      const held: Held[] = [];
      let left = Infinity;
      for (const w of windows) {
        const { got: numbers, left: leftHere } = units <= w.limit.max ? await claim(w.prefix, w.limit.max, units, w.end, tried.get(w.prefix)) : { got: [], left: 0 };
        held.push({ prefix: w.prefix, numbers });
        if (numbers.length < units) {
          await giveBack(held);
          const retryAfterSeconds = Math.max(1, Math.ceil((w.end.getTime() - at) / 1000));
          const wait = { minutes: Math.ceil(retryAfterSeconds / 60), retryAt: w.end };
          const message = typeof spec.says === 'function' ? spec.says(wait) : quotaMessage(spec.says, w.limit, wait, from);
          throw new AppError('RATE.LIMITED', message, { retryAfterSeconds, limit: w.limit.max, windowSeconds: w.limit.windowMs / 1000 });
        }
        left = Math.min(left, leftHere);
      }
      let given = false;
      return {
        left,
        async giveBack() {
          if (given) return;
          given = true;
          await giveBack(held);
        },
      };
    },
  };
}
