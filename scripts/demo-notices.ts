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
    await seedPublishedNotice({ communityId, communityName, manager, requestId: `demo-notice-${item.key}`, templateKey: item.key, values: item.values, category: item.category, pinned: item.pinned, target: item.target, targetText: item.targetText, unitIds: item.units, publishAt: new Date(now().getTime() - item.ago) });
  }
  return items.length;
}

/**
 * A notice from the library, published by `manager`, written straight into the database with the id
 * and request key `notices.publish` derives from `requestId` — so the seeded notice is what a replay of
 * that publish finds (a demo flow publishing through a module, e.g. the move-in batch's 入住通知), and
 * seeding never asks WeChat's content check, which a seed without WeChat (`npm run seed`) cannot reach.
 * Upserted by request key: seeding twice changes nothing.
 */
export async function seedPublishedNotice(input: {
  communityId: Id;
  communityName: string;
  manager: { _id: Id; name: string };
  requestId: string;
  templateKey: string;
  values: Record<string, string | undefined>;
  category: string;
  pinned: boolean;
  target: Record<string, unknown>;
  targetText: string;
  unitIds: Id[];
  publishAt: Date;
}): Promise<void> {
  const t = NOTICE_LIBRARY.find((x) => x.key === input.templateKey)!;
  const r = renderNotice(t, input.values);
  const requestKey = `${String(input.manager._id)}:${input.requestId}`;
  await Notice.updateOne(
    { requestKey },
    {
      $setOnInsert: {
        _id: idOfRequest(`notice:${requestKey}`),
        communityId: input.communityId,
        requestKey,
        templateKey: t.key,
        values: input.values,
        title: r.title,
        body: r.body,
        signature: `${input.communityName}${t.signature}`,
        kind: t.kind,
        category: input.category,
        target: input.target,
        targetText: input.targetText,
        unitIds: input.unitIds,
        pinned: input.pinned,
        publishAt: input.publishAt,
        status: 'published',
        revision: 1,
        rev: 0,
        pushed: 0,
        history: [{ at: input.publishAt, event: 'publish', to: 'published', byId: input.manager._id, byName: input.manager.name, note: `${input.targetText}，共${input.unitIds.length}户` }],
        authorId: input.manager._id,
      },
    },
    { upsert: true },
  );
}
