import type { UnitFileEntry } from '@shared/contracts/archives-documents-view';
import { RENOVATION_STATUS_LABELS, type RenovationStatus } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { mongoose } from '../../lib/db';
import { Renovation } from './renovation.model';

const { ObjectId } = mongoose.Types;
const MAX = 20;

/**
 * What renovation holds for a unit (the archive's 业主档案): each renovation's 申请, its 装修许可证
 * once issued and its 验收 once recorded, newest first, each linked to the renovation's staff page.
 * The caller (the archive) checked the unit is of `communityId`.
 */
export async function unitRenovationEntries(communityId: string, unitId: string): Promise<UnitFileEntry[]> {
  const found = await Renovation.find({ communityId: new ObjectId(communityId), unitId: new ObjectId(unitId) }, { no: 1, status: 1, createdAt: 1, permit: 1, acceptance: 1 }).sort({ createdAt: -1 }).limit(MAX).lean();
  return found.flatMap((r) => {
    const page = routes.staff.renovation({ id: String(r._id) });
    const status = RENOVATION_STATUS_LABELS[r.status as RenovationStatus] ?? r.status;
    const out: UnitFileEntry[] = [{ title: `装修申请 ${r.no}`, at: new Date(r.createdAt as Date).toISOString(), status, page }];
    if (r.permit?.issuedAt) out.push({ title: `装修许可证 ${r.permit.no ?? ''}`.trim(), at: new Date(r.permit.issuedAt).toISOString(), status: r.permit.validTo ? `有效期至${r.permit.validTo}` : '已发放', page });
    const rounds = ((r.acceptance as { rounds?: { outcome: 'pass' | 'fail'; at: Date; round: number }[] } | null | undefined)?.rounds ?? []);
    const last = rounds[rounds.length - 1];
    if (last) out.push({ title: `装修验收（第${last.round}次）`, at: new Date(last.at).toISOString(), status: last.outcome === 'pass' ? '验收合格' : '验收不合格', page });
    return out;
  });
}
