import type { NoticeCategory } from '@shared/domain/notices';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { Notice, NoticeRead } from './notice.model';

type Id = mongoose.Types.ObjectId;

export interface UnreadNotice {
  id: string;
  title: string;
  category: NoticeCategory;
  publishAt: Date;
  /** The given units it was published to that have not opened it (a unit has read it once anyone of it opened it). */
  unitIds: Id[];
}

/**
 * The desk's owner view (一户一档): notices on the board now (published, not expired, not
 * withdrawn) for these units that some of them have not read — the newest `limit`.
 */
export async function unreadNoticesOf(communityId: Id, unitIds: readonly Id[], limit = 20): Promise<UnreadNotice[]> {
  if (!unitIds.length) return [];
  const at = now();
  const live = await Notice.find(
    { communityId, status: 'published', publishAt: { $lte: at }, unitIds: { $in: unitIds } },
    { title: 1, category: 1, publishAt: 1, expiresAt: 1, unitIds: 1 },
  )
    .sort({ publishAt: -1, _id: -1 })
    .lean();
  const current = live.filter((n) => !n.expiresAt || n.expiresAt.getTime() > at.getTime());
  if (!current.length) return [];
  const reads = await NoticeRead.find({ communityId, noticeId: { $in: current.map((n) => n._id) } }, { noticeId: 1, unitIds: 1 }).lean();
  const readUnits = new Map<string, Set<string>>();
  for (const r of reads) {
    const set = readUnits.get(String(r.noticeId)) ?? new Set<string>();
    for (const u of r.unitIds ?? []) set.add(String(u));
    readUnits.set(String(r.noticeId), set);
  }
  const mine = new Set(unitIds.map(String));
  const out: UnreadNotice[] = [];
  for (const n of current) {
    const read = readUnits.get(String(n._id)) ?? new Set<string>();
    const missing = (n.unitIds ?? []).filter((u) => mine.has(String(u)) && !read.has(String(u)));
    if (missing.length) out.push({ id: String(n._id), title: n.title, category: n.category as NoticeCategory, publishAt: n.publishAt, unitIds: missing });
    if (out.length >= limit) break;
  }
  return out;
}
