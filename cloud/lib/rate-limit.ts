import { AppError } from './app-error';
import { now } from './clock';
import { mongoose } from './db';

/**
 * Failure-counting rate limits ("5 wrong tries per hour"): failures are recorded per subject, and
 * a subject with `limit` failures inside the rolling window is refused with RATE.LIMITED until the
 * oldest of them leaves the window.
 */
const failureSchema = new mongoose.Schema({ key: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
failureSchema.index({ key: 1, at: 1 });
// Old failures are only ever counted inside the window; a cleanup job removes them (FerretDB has no TTL).
export const Failure = mongoose.model('Failure', failureSchema);

export interface FailureLimit {
  /** Throws RATE.LIMITED when the subject has used up its failures. */
  check(subject: string): Promise<void>;
  /** Records one failure; returns how many are left in the window. */
  fail(subject: string): Promise<number>;
  /** Failures left in the window. */
  left(subject: string): Promise<number>;
}

export function failureLimit(name: string, limit: number, windowMs: number): FailureLimit {
  const key = (subject: string) => `${name}:${subject}`;
  const recent = (subject: string) => Failure.find({ key: key(subject), at: { $gt: new Date(now().getTime() - windowMs) } }, { at: 1 }).sort({ at: 1 }).lean();
  return {
    async check(subject) {
      const failures = await recent(subject);
      if (failures.length < limit) return;
      const retryAfterSeconds = Math.max(1, Math.ceil((failures[failures.length - limit].at.getTime() + windowMs - now().getTime()) / 1000));
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw new AppError('RATE.LIMITED', `尝试次数过多，请${minutes}分钟后再试，或联系物业服务中心`, { retryAfterSeconds });
    },
    async fail(subject) {
      await Failure.collection.insertOne({ key: key(subject), at: now() } as never);
      return Math.max(0, limit - (await recent(subject)).length);
    },
    async left(subject) {
      return Math.max(0, limit - (await recent(subject)).length);
    },
  };
}
