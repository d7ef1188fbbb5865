import type { InquirySettingsView } from '@shared/contracts/desk.contract';
import { DEFAULT_INQUIRY_PROMISES, INQUIRY_TOPICS, inquiryPromiseProblem, type InquiryPromise, type InquiryPromises, type InquiryTopic } from '@shared/domain/desk';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { InquirySettings } from './inquiry.model';

/** The saved promises over the defaults: a topic never saved (or saved badly) keeps its default. */
function merge(saved: Record<string, unknown> | undefined): InquiryPromises {
  const out = { ...DEFAULT_INQUIRY_PROMISES };
  for (const t of INQUIRY_TOPICS) {
    const p = saved?.[t] as InquiryPromise | undefined;
    if (p && inquiryPromiseProblem(p) === null) out[t] = { ackMinutes: p.ackMinutes, answerHours: p.answerHours };
  }
  return out;
}

/** The community's promised reply times per topic (the defaults until a manager changes them). */
export async function inquirySettingsOf(communityId: string): Promise<InquirySettingsView> {
  const saved = await InquirySettings.findById(communityId).lean();
  if (!saved) return { promises: merge(undefined) };
  return { promises: merge(saved.promises as Record<string, unknown>), updatedBy: saved.byName, updatedAt: saved.at.toISOString() };
}

/** The promise a new inquiry on `topic` is received with. */
export async function promiseOf(communityId: string, topic: InquiryTopic): Promise<InquiryPromise> {
  return (await inquirySettingsOf(communityId)).promises[topic];
}

/** Manager: new promises for some topics (inquiries received from now on; those running keep theirs). */
export async function saveInquirySettings(caller: Caller, input: { promises: Partial<Record<InquiryTopic, InquiryPromise>> }): Promise<InquirySettingsView> {
  const current = await inquirySettingsOf(caller.communityId);
  const promises = { ...current.promises, ...input.promises };
  for (const t of INQUIRY_TOPICS) {
    const problem = inquiryPromiseProblem(promises[t]);
    if (problem) throw new AppError('VALIDATION', problem, { issues: [{ path: `promises.${t}`, message: problem }] });
  }
  await InquirySettings.updateOne({ _id: caller.communityId }, { $set: { promises, byName: caller.name, at: now() } }, { upsert: true });
  return inquirySettingsOf(caller.communityId);
}
