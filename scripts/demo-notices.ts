import { addDays, chineseDate, HOUR_MS, localDay } from '@shared/domain/calendar';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { renderNotice } from '@shared/domain/notices';
import { mongoose } from '../cloud/lib/db';
import { now } from '../cloud/lib/clock';
import { idOfRequest } from '../cloud/lib/idempotent';
import { Building, Unit } from '../cloud/modules/community/community.model';
import { User } from '../cloud/modules/identity/user.model';
import { Notice } from '../cloud/modules/notices/notice.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo notices of 幸福里小区, written from the library by 孙涛: an elevator maintenance notice for
 * 1栋 (pinned) and a weather reminder to everyone, so owners have a board to read and the manager
 * read figures to look at. Upserted by request key.
 */
export async function seedDemoNotices(communityId: Id, communityName: string): Promise<number> {
  const manager = await User.findOne({ communityId, roles: 'manager' }, { name: 1 }).lean();
  if (!manager) return 0;
  const b1 = await Building.findOne({ communityId, name: '1栋' }, { _id: 1 }).lean();
  const all = await Unit.find({ communityId }, { buildingId: 1 }).lean();
  const day = (offset: number) => chineseDate(addDays(localDay(now()), offset));
  const items = [
    {
      key: 'elevator-maintenance',
      values: { company: '杭州安达电梯工程有限公司', date: day(2), timeRange: '09:00–11:30', buildings: '1栋', elevators: '1号、2号电梯', contactPhone: '0571-88886666' },
      category: 'important',
      pinned: true,
      target: { kind: 'buildings', buildingIds: b1 ? [b1._id] : [] },
      targetText: '1栋',
      units: all.filter((u) => b1 && String(u.buildingId) === String(b1._id)).map((u) => u._id),
      ago: 3 * HOUR_MS,
    },
    {
      key: 'weather-change',
      // Read in the template: 「…起本地将出现寒潮大风天气」「物业服务中心已做好公共区域水管防冻包裹、…等准备工作」.
      values: { startDate: day(1), weather: '寒潮大风', preparations: '公共区域水管防冻包裹、绿化树木加固、应急物资储备', contactPhone: '0571-88886667' },
      category: 'normal',
      pinned: false,
      target: { kind: 'community' },
      targetText: '全体业主',
      units: all.map((u) => u._id),
      ago: 26 * HOUR_MS,
    },
  ];
  for (const item of items) {
    const t = NOTICE_LIBRARY.find((x) => x.key === item.key)!;
    const r = renderNotice(t, item.values);
    const requestKey = `${String(manager._id)}:demo-notice-${item.key}`;
    const publishAt = new Date(now().getTime() - item.ago);
    await Notice.updateOne(
      { requestKey },
      {
        $setOnInsert: {
          // The id publish() derives from its request key: the seeded notice is what a replay would find.
          _id: idOfRequest(`notice:${requestKey}`),
          communityId,
          requestKey,
          templateKey: t.key,
          values: item.values,
          title: r.title,
          body: r.body,
          signature: `${communityName}${t.signature}`,
          kind: t.kind,
          category: item.category,
          target: item.target,
          targetText: item.targetText,
          unitIds: item.units,
          pinned: item.pinned,
          publishAt,
          status: 'published',
          revision: 1,
          rev: 0,
          pushed: 0,
          history: [{ at: publishAt, event: 'publish', to: 'published', byId: manager._id, byName: manager.name, note: `${item.targetText}，共${item.units.length}户` }],
          authorId: manager._id,
        },
      },
      { upsert: true },
    );
  }
  return items.length;
}
