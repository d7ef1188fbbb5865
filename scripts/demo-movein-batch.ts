import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { idCheckCharacter } from '@shared/domain/contact';
import type { Caller } from '../cloud/lib/caller';
import { now } from '../cloud/lib/clock';
import { getConfig } from '../cloud/lib/config';
import { mongoose } from '../cloud/lib/db';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { Resident } from '../cloud/modules/community/household.model';
import { items as feeItems, saveItem } from '../cloud/modules/fees';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { book, publishBatch, saveBatch } from '../cloud/modules/movein';
import { MoveIn } from '../cloud/modules/movein/movein.model';
import { seedPublishedNotice } from './demo-notices';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/** The demo buyer with the app (login code demo-buyer): bound to 8栋1单元0302, not booked yet — the browser test books. */
export const DEMO_BUYER = { name: '陈思远', phone: '13700008302', openid: 'demo-openid-owner-buyer', unit: '8栋1单元0302' };
/** A second buyer with the app, already booked (today's first slot): the checklist and inspection demos use their case. */
const BOOKED_BUYER = { name: '黄雅琴', phone: '13700008101', openid: 'demo-openid-owner-buyer2', unit: '8栋1单元0101' };

const GIVEN = ['子豪', '欣怡', '浩然', '梓涵', '宇轩', '诗琪', '俊熙', '佳怡', '博文', '雨桐', '泽宇', '可馨'];
const SURNAMES = '刘吴周徐孙马朱胡郭何高罗';

const idNumber = (phone: string) => {
  const first17 = `33010619${String(80 + (phone.charCodeAt(10) % 15))}0612${phone.slice(-3)}`;
  return first17 + idCheckCharacter(first17);
};

/**
 * Demo 集中入住 of 幸福里小区 (movein.md "Batches and bookings"): a new building, 8栋 (6 floors, 2 flats
 * a floor, all vacant), handed over by the developer; its buyers recorded as owners (as the 住户
 * import of the developer's list does); a batch published three days ago (cases, the 预交物业费 bills,
 * the 入住通知) running until ten days from now, with bookings today, tomorrow and the day after; the
 * demo buyer 陈思远 (login demo-buyer) has the app and has not booked yet. Made through the module's
 * services with fixed request ids: seeding twice changes nothing.
 */
export async function seedDemoMoveInBatch(communityId: Id): Promise<{ units: number; cases: number; bookings: number }> {
  const manager = await User.findOne({ communityId, phone: '13800000041' }).lean();
  const agent = await User.findOne({ communityId, phone: '13800000011' }).lean();
  if (!manager || !agent) return { units: 0, cases: 0, bookings: 0 };
  const mgr = staffCaller(manager, 'manager', communityId);

  const building = await Building.findOneAndUpdate({ communityId, name: '8栋' }, { $setOnInsert: { communityId, name: '8栋', floors: 6, sort: 8 } }, { upsert: true, new: true });
  const labels: string[] = [];
  for (let floor = 1; floor <= 6; floor++) {
    for (const [r, area] of [89.6, 118.4].entries()) {
      const room = `${String(floor).padStart(2, '0')}${String(r + 1).padStart(2, '0')}`;
      const label = `8栋1单元${room}`;
      labels.push(label);
      await Unit.updateOne(
        { communityId, buildingId: building._id, entrance: '1', room },
        { $setOnInsert: { communityId, buildingId: building._id, entrance: '1', room, label, floor, areaM2: area, status: 'vacant' } },
        { upsert: true },
      );
    }
  }
  const units = new Map((await Unit.find({ communityId, buildingId: building._id }, { label: 1 }).lean()).map((u) => [u.label, u._id as Id]));

  // The buyers from the developer's list (房号, 购房人, 电话, 身份证号), recorded as owners; two have the app.
  const { appId } = getConfig().wechat;
  for (const [i, label] of labels.entries()) {
    const special = [DEMO_BUYER, BOOKED_BUYER].find((b) => b.unit === label);
    const name = special?.name ?? `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`;
    const phone = special?.phone ?? `1370000${label.slice(-4)}`;
    const unitId = units.get(label)!;
    let userId: Id | undefined;
    if (special) {
      const user = await User.findOneAndUpdate(
        { communityId, phone },
        { $setOnInsert: { communityId, name, phone, roles: ['owner'], unitIds: [unitId], skills: [], onDuty: false, status: 'active' } },
        { upsert: true, new: true },
      );
      userId = user._id;
      await WechatIdentity.updateOne({ appId, openid: special.openid }, { $set: { userId } }, { upsert: true });
    }
    await Resident.updateOne(
      { communityId, unitId, name },
      { $setOnInsert: { communityId, unitId, name, relation: 'owner', phone, idNumber: idNumber(phone), ...(userId ? { userId } : {}) } },
      { upsert: true },
    );
  }

  // The fee due at move-in: three months of property fee paid ahead (a one-off item).
  let prepaid = (await feeItems(mgr)).find((i) => i.name === '预交物业费（3个月）');
  prepaid ??= await saveItem(mgr, { name: '预交物业费（3个月）', kind: 'one-off', rateFen: 80_700, cycle: 'monthly', dueDay: 1, vacancyPercent: 100, active: true });

  const today = localDay(now());
  const draft = await saveBatch(mgr, {
    requestId: 'demo-movein-batch-8',
    name: '8栋集中交付',
    buildingIds: [String(building._id)],
    startDay: addDays(today, -3),
    endDay: addDays(today, 10),
    closedDays: [],
    slots: [
      { id: 'am', start: '09:00', end: '12:00', capacity: 4 },
      { id: 'pm', start: '14:00', end: '17:00', capacity: 4 },
    ],
    documents: ['入住通知书', '购房合同（原件及复印件）', '业主身份证（原件及复印件）', '委托他人办理的，另带委托书及受托人身份证', '近期一寸照片2张（办理业主卡用）'],
    feeItemIds: [prepaid.id],
    place: '8栋一楼大堂入住办理处',
    note: '办理当天请预留约1小时，验房时建议家人陪同。',
  });
  // The 入住通知 the publish sends, seeded first under the publish's own request key (see seedPublishedNotice):
  // the seed then never needs WeChat's content check.
  const community = await Community.findById(communityId, { name: 1, servicePhone: 1 }).lean();
  const handedOver = await Unit.find({ communityId, buildingId: building._id }, { _id: 1 }).lean();
  await seedPublishedNotice({
    communityId,
    communityName: community?.name ?? '',
    manager,
    requestId: `movein-notice-${draft.id}`,
    templateKey: 'move-in',
    values: {
      buildings: '8栋',
      startDate: chineseDate(draft.startDay),
      endDate: chineseDate(draft.endDay),
      timeRange: '每天 09:00–12:00、14:00–17:00',
      place: draft.place || '物业服务中心',
      documents: draft.documents.join('、'),
      fees: `${prepaid.name} ${yuan(prepaid.rateFen)}元`,
      contactPhone: community?.servicePhone || '物业服务中心服务电话',
    },
    category: 'normal',
    pinned: false,
    target: { kind: 'units', unitIds: handedOver.map((u) => u._id) },
    targetText: '8栋购房业主',
    unitIds: handedOver.map((u) => u._id),
    publishAt: now(),
  });
  const batch = await publishBatch(mgr, { batchId: draft.id, confirmReview: true });

  // Bookings (by the buyers, or by phone at the desk): today, tomorrow, the day after; several never booked.
  const plan: [string, number, string][] = [
    ['8栋1单元0101', 0, 'am'],
    ['8栋1单元0102', 0, 'am'],
    ['8栋1单元0201', 0, 'pm'],
    ['8栋1单元0202', 1, 'am'],
    ['8栋1单元0401', 1, 'am'],
    ['8栋1单元0402', 1, 'pm'],
    ['8栋1单元0501', 2, 'am'],
  ];
  let bookings = 0;
  for (const [label, inDays, slotId] of plan) {
    const unitId = units.get(label)!;
    const c = await MoveIn.findOne({ communityId, batchId: batch.id, unitId }).lean();
    if (!c || c.status !== 'waiting') continue;
    const owner = await User.findOne({ communityId, unitIds: unitId, roles: 'owner' }).lean();
    const by: Caller = owner
      ? { userId: String(owner._id), name: owner.name, roles: ['owner'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [String(unitId)] }
      : { userId: String(agent._id), name: agent.name, roles: ['agent'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [] };
    await book(by, { moveInId: String(c._id), day: addDays(today, inDays), slotId, requestId: `demo-movein-book-${label.slice(-4)}` });
    bookings++;
  }
  return { units: labels.length, cases: batch.cases, bookings };
}
