import type { SubscribeTemplateInfo } from '@shared/contracts/messaging.contract';
import type { SubscribeResult } from '@shared/domain/messaging';
import { AppError } from '../../lib/app-error';
import { claimOnce, Claim, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { messageTemplates, templateById } from '../../lib/wechat/templates';
import type { Caller } from '../../lib/caller';
import { openidOf as mpOpenidOf } from '../identity';
import { SubscribeAnswer, SubscribeCredit } from './messaging.model';

/**
 * Subscription credits: each `accept` wx.requestSubscribeMessage reports is one credit for
 * (openid, template), stored as its own document `<openid>|<templateId>|<n>` (n = 1, 2, …).
 * Spending credit n is `claimOnce('spend:<openid>|<templateId>|<n>')`: exactly once even when two
 * job runs race on FerretDB (whose guarded updates are not atomic). A send that fails before
 * WeChat took the credit gives it back (releases the claim). Credit documents are never updated or
 * deleted (both cost a pass over the collection on FerretDB); a spend probes n = 1, 2, … (two `_id`
 * look-ups per credit the person ever had — fine for the handful a person accepts).
 */
const pair = (openid: string, templateId: string) => `${openid}|${templateId}`;
const spendKey = (openid: string, templateId: string, n: number) => `spend:${pair(openid, templateId)}|${n}`;

/** The caller's mini-program openid (CloudBase passes it; gateway sessions look it up). */
async function openidOf(caller: Caller): Promise<string | null> {
  if (caller.openid) return caller.openid;
  return mpOpenidOf(caller.userId);
}

/** Credits left for (openid, template). */
export async function creditsLeft(openid: string, templateId: string): Promise<number> {
  let left = 0;
  for (let n = 1; ; n++) {
    if (!(await SubscribeCredit.exists({ _id: `${pair(openid, templateId)}|${n}` }))) return left;
    if (!(await Claim.exists({ _id: spendKey(openid, templateId, n) }))) left++;
  }
}

/** Record one acceptance: a new credit document with the next free number. */
export async function addCredit(openid: string, templateId: string, userId?: string): Promise<number> {
  const answer = await SubscribeAnswer.findById(pair(openid, templateId), { accepted: 1 }).lean();
  for (let n = (answer?.accepted ?? 0) + 1; ; n++) {
    try {
      await SubscribeCredit.collection.insertOne({ _id: `${pair(openid, templateId)}|${n}`, openid, templateId, ...(userId ? { userId: new mongoose.Types.ObjectId(userId) } : {}), at: now() } as never);
      return n;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

/**
 * Spend one credit for message `by`; returns its number, or null when there is none. A credit this
 * message spent in an attempt whose result was lost (its run died) is the message's again: the
 * retry does not take a second one.
 */
export async function spendCredit(openid: string, templateId: string, by?: string): Promise<number | null> {
  for (let n = 1; ; n++) {
    if (!(await SubscribeCredit.exists({ _id: `${pair(openid, templateId)}|${n}` }))) return null;
    if (!by) {
      // Permanent (no ttl): a spent credit stays spent (deleting the claim would let it be spent twice).
      if (await claimOnce(spendKey(openid, templateId, n))) return n;
      continue;
    }
    try {
      await Claim.collection.insertOne({ _id: spendKey(openid, templateId, n), at: now(), by } as never);
      return n;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const held = (await Claim.collection.findOne({ _id: spendKey(openid, templateId, n) } as never)) as { by?: string } | null;
      if (held?.by === by) return n;
    }
  }
}

/** Give a credit back (the send failed before WeChat used the subscription). */
export async function refundCredit(openid: string, templateId: string, n: number): Promise<void> {
  await releaseClaim(spendKey(openid, templateId, n));
}

async function infos(caller: Caller, openid: string | null): Promise<SubscribeTemplateInfo[]> {
  const staff = caller.roles.some((r) => r !== 'owner' && r !== 'guest');
  const owner = caller.roles.includes('owner');
  // A guest waits for one thing: the result of their binding request.
  const guest = caller.roles.includes('guest');
  const mine = messageTemplates().filter((t) => (t.audience === 'owner' && owner) || (t.audience === 'staff' && staff) || (guest && t.key === 'binding.result'));
  const out: SubscribeTemplateInfo[] = [];
  for (const t of mine) {
    const answer = openid ? await SubscribeAnswer.findById(pair(openid, t.templateId), { result: 1 }).lean() : null;
    out.push({
      key: t.key,
      templateId: t.templateId,
      title: t.title,
      credits: openid ? await creditsLeft(openid, t.templateId) : 0,
      ...(answer ? { lastResult: answer.result as SubscribeResult } : {}),
    });
  }
  return out;
}

/** The templates the caller may be asked to subscribe to, with credits and their last answer. */
export async function subscriptions(caller: Caller): Promise<SubscribeTemplateInfo[]> {
  return infos(caller, await openidOf(caller));
}

/** What wx.requestSubscribeMessage answered: each accept is one credit; every answer is kept as the last one. */
export async function reportSubscription(caller: Caller, input: { results: { templateId: string; result: SubscribeResult }[] }): Promise<SubscribeTemplateInfo[]> {
  const unknown = input.results.filter((r) => !templateById(r.templateId));
  if (unknown.length) throw new AppError('MESSAGE.UNKNOWN_TEMPLATE', undefined, { templateIds: unknown.map((r) => r.templateId) });
  const openid = await openidOf(caller);
  if (!openid) throw new AppError('MESSAGE.NO_WECHAT');
  for (const r of input.results) {
    let accepted: number | undefined;
    if (r.result === 'accept') accepted = await addCredit(openid, r.templateId, caller.userId);
    // By _id: cheap on FerretDB. Two racing reports may leave a lower `accepted` hint; credits themselves are documents.
    await SubscribeAnswer.updateOne(
      { _id: pair(openid, r.templateId) },
      { $set: { openid, templateId: r.templateId, userId: new mongoose.Types.ObjectId(caller.userId), result: r.result, at: now(), ...(accepted ? { accepted } : {}) } },
      { upsert: true },
    );
  }
  return infos(caller, openid);
}
