import type { UnitStatus } from '@shared/contracts/community.contract';
import { idCheckCharacter } from '@shared/domain/contact';
import type { ResidentRelation } from '@shared/domain/household';
import type { Role } from '@shared/domain/roles';
import { addDays, localDay } from '@shared/domain/calendar';
import { now, withinToday } from '../cloud/lib/clock';
import { getConfig } from '../cloud/lib/config';
import { mongoose } from '../cloud/lib/db';
import { BindingRequest } from '../cloud/modules/community/binding.model';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { ParkingSpace, Resident, Vehicle } from '../cloud/modules/community/household.model';
import { DEMO_ACCOUNTS } from '../cloud/modules/identity/demo-accounts';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { createIndexes, fillSortKeys } from '../cloud/runtime/indexes';
import { seedDemoRepairs } from './demo-repairs';
import { seedDemoNotices } from './demo-notices';
import { seedDemoFees } from './demo-fees';
import { seedDemoComplaints } from './demo-complaints';
import { seedDemoSentiment } from './demo-sentiment';
import { seedDemoInquiries } from './demo-inquiries';
import { seedDemoKnowledge } from './demo-knowledge';
import { seedDemoContacts } from './demo-contacts';
import { DEMO_BUYER, seedDemoMoveInBatch } from './demo-movein-batch';
import { seedDemoMoveInCases } from './demo-movein-cases';
import { seedDemoMoveInDefects } from './demo-movein-defects';
import { seedDemoMoveInCalls } from './demo-movein-calls';
import { seedDemoRenovationFees } from './demo-renovation-fees';
import { seedDemoRenovationApply } from './demo-renovation-apply';
import { seedDemoRenovationPermit } from './demo-renovation-permit';
import { seedDemoRenovationPatrol } from './demo-renovation-patrol';
import { seedDemoRenovationDone } from './demo-renovation-done';
import { seedDemoLifeSurveys } from './demo-life-surveys';
import { seedDemoLifeResults } from './demo-life-results';
import { seedDemoLifeActivities } from './demo-life-activities';
import { seedDemoLifeBoards } from './demo-life-boards';
import { seedDemoArchives } from './demo-archives';
import { seedDemoGrowth } from './demo-growth';
import { wireDirectory } from '../cloud/runtime/wiring/directory';
import { wireServiceDesk } from '../cloud/runtime/wiring/service-desk';
import { seedingDemo } from '../cloud/modules/notices';

/**
 * The demo community: 幸福里小区, 3 buildings, 60 units, ~50 owners with their households,
 * 40 parking spaces and some cars, a staff of five, and one binding request waiting for review;
 * plus 阳光花园 (12 units), which the manager 孙涛 also runs.
 * Idempotent: every record is upserted by a natural key, so running it twice changes nothing.
 */
export const DEMO_COMMUNITY_CODE = 'xingfuli';

const BUILDINGS = [
  { name: '1栋', floors: 15, areas: [89.5, 126.3] },
  { name: '2栋', floors: 8, areas: [98.2, 98.2] },
  { name: '3栋', floors: 7, areas: [76.8, 143.6] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '俊杰', '丽华', '明辉', '晓梅', '国庆', '春燕', '德明', '玉珍', '文博', '雪莲', '振华', '婷婷', '宏伟', '淑芬', '子涵'];

interface PersonSeed {
  name: string;
  phone: string;
  roles: Role[];
  units: string[];
  skills?: string[];
  onDuty?: boolean;
  openid?: string;
}

const STAFF: PersonSeed[] = [
  { name: '王芳', phone: '13800000011', roles: ['agent'], units: [], onDuty: true, openid: 'demo-openid-agent' },
  // The new agent, half-way through onboarding (scripts/demo-growth.ts).
  { name: '周晓雨', phone: '13800000012', roles: ['agent'], units: [], onDuty: false, openid: 'demo-openid-agent2' },
  { name: '刘强', phone: '13800000021', roles: ['technician'], units: [], skills: ['水电', '管道疏通', '公共照明'], onDuty: true, openid: 'demo-openid-tech-liu' },
  { name: '陈磊', phone: '13800000022', roles: ['technician'], units: [], skills: ['门窗', '墙面/渗漏', '门禁/对讲', '电梯', '其他'], onDuty: true, openid: 'demo-openid-tech-chen' },
  { name: '赵敏', phone: '13800000031', roles: ['cashier'], units: [], onDuty: true, openid: 'demo-openid-cashier' },
  { name: '孙涛', phone: '13800000041', roles: ['manager'], units: [], onDuty: true, openid: 'demo-openid-manager' },
];

/** Status of the n-th unit: a fixed pattern, about 3/4 lived in, some rented, some empty. */
function statusOf(n: number): UnitStatus {
  const r = (n * 37) % 20;
  return r < 3 ? 'vacant' : r < 6 ? 'renting' : 'occupied';
}

export interface DemoSeedResult {
  communityId: string;
  buildings: number;
  units: number;
  owners: number;
  staff: number;
  residents: number;
  vehicles: number;
  repairs: number;
  complaints: number;
}

/**
 * The demo's parts each ask for "today" (a renovation starting today, a survey closing in two weeks): the
 * whole seed runs inside the day it starts on, so a seed that crosses midnight stays consistent.
 */
export function seedDemo(): Promise<DemoSeedResult> {
  return withinToday(seedDemoParts);
}

async function seedDemoParts(): Promise<DemoSeedResult> {
  // The demo writes through the modules' services (bookings, 验房 repairs, messages…): their hooks are plugged
  // as the functions plug them, also when the seed runs on its own (`npm run seed`, no function loaded).
  wireDirectory();
  wireServiceDesk();
  // The seed writes through unique keys: every declared index first (a no-op when they exist).
  await createIndexes();
  const community = await Community.findOneAndUpdate(
    { code: DEMO_COMMUNITY_CODE },
    {
      $setOnInsert: {
        code: DEMO_COMMUNITY_CODE,
        name: '幸福里小区',
        address: '杭州市西湖区幸福路 88 号',
        servicePhone: '0571-88886666',
        serviceHours: '08:30-18:00（夜间值班 0571-88886667）',
      },
    },
    { upsert: true, new: true },
  );
  const communityId = community._id;

  const units: { label: string; id: string }[] = [];
  let n = 0;
  for (const [i, b] of BUILDINGS.entries()) {
    const building = await Building.findOneAndUpdate(
      { communityId, name: b.name },
      { $setOnInsert: { communityId, name: b.name, floors: b.floors, sort: i + 1 } },
      { upsert: true, new: true },
    );
    const ops = [];
    for (let floor = 1; floor <= b.floors; floor++) {
      for (const [r, area] of b.areas.entries()) {
        const room = `${String(floor).padStart(2, '0')}${String(r + 1).padStart(2, '0')}`;
        const label = `${b.name}1单元${room}`;
        ops.push({
          updateOne: {
            filter: { communityId, buildingId: building._id, entrance: '1', room },
            update: { $setOnInsert: { communityId, buildingId: building._id, entrance: '1', room, label, floor, areaM2: area, status: statusOf(n++) } },
            upsert: true,
          },
        });
      }
    }
    await Unit.bulkWrite(ops, { ordered: false });
  }
  for (const u of await Unit.find({ communityId }, { label: 1 })) units.push({ label: u.label, id: String(u._id) });
  const unitId = new Map(units.map((u) => [u.label, u.id]));

  // The two demo owners first (their units are kept lived-in), then one owner per other non-vacant unit.
  const people: PersonSeed[] = [
    { name: '张伟', phone: '13900001502', roles: ['owner'], units: ['1栋1单元1502'], openid: 'demo-openid-owner-zhang' },
    { name: '李娜', phone: '13900000801', roles: ['owner'], units: ['2栋1单元0801', '2栋1单元0802'], openid: 'demo-openid-owner-li' },
  ];
  const taken = new Set(people.flatMap((p) => p.units));
  await Unit.updateMany({ communityId, label: { $in: [...taken] } }, { $set: { status: 'occupied' } });
  // Only the three original buildings: the new 8栋's flats get their owners from the move-in demo (a seed run again must not add one).
  const lived = (await Unit.find({ communityId, status: { $ne: 'vacant' } }, { label: 1 }).sort({ label: 1 })).filter((u) => BUILDINGS.some((b) => u.label.startsWith(`${b.name}1单元`)));
  let k = 0;
  for (const u of lived) {
    if (taken.has(u.label)) continue;
    const name = `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}`;
    people.push({ name, phone: `139${String(10_000_000 + k * 7919).slice(-8)}`, roles: ['owner'], units: [u.label] });
    k++;
  }
  people.push(...STAFF);

  const { appId } = getConfig().wechat;
  const userIds = new Map<string, mongoose.Types.ObjectId>();
  for (const p of people) {
    const user = await User.findOneAndUpdate(
      { communityId, phone: p.phone },
      {
        $setOnInsert: {
          communityId,
          name: p.name,
          phone: p.phone,
          roles: p.roles,
          unitIds: p.units.map((label) => unitId.get(label)),
          skills: p.skills ?? [],
          onDuty: p.onDuty ?? false,
          status: 'active',
        },
      },
      { upsert: true, new: true },
    );
    userIds.set(p.phone, user._id);
    if (p.openid) {
      await WechatIdentity.updateOne({ appId, openid: p.openid }, { $set: { userId: user._id } }, { upsert: true });
    }
  }

  // The records of who lives where (业主资料): every owner, some family members, a tenant in each rented unit.
  const residents: { unit: string; name: string; relation: ResidentRelation; phone: string; idNumber?: string; userPhone?: string }[] = [];
  for (const p of people.filter((x) => x.roles.includes('owner'))) {
    for (const unit of p.units) residents.push({ unit, name: p.name, relation: 'owner', phone: p.phone, userPhone: p.phone, idNumber: demoIdNumber(p.phone) });
  }
  residents.push(
    { unit: '1栋1单元1502', name: '王丽', relation: 'family', phone: '13900002502' },
    { unit: '1栋1单元1502', name: '张小明', relation: 'family', phone: '' },
    { unit: '2栋1单元0802', name: '李建华', relation: 'family', phone: '13900003802' },
  );
  const rented = await Unit.find({ communityId, status: 'renting' }, { label: 1 }).sort({ label: 1 });
  rented.forEach((u, i) => residents.push({ unit: u.label, name: `${SURNAMES[(i * 5 + 3) % SURNAMES.length]}${GIVEN[(i * 3 + 1) % GIVEN.length]}`, relation: 'tenant', phone: `137${String(20_000_000 + i * 7907).slice(-8)}` }));
  const unitOid = (label: string) => new mongoose.Types.ObjectId(unitId.get(label));
  await Resident.bulkWrite(
    residents.map((r) => ({
      updateOne: {
        filter: { communityId, unitId: unitOid(r.unit), name: r.name },
        update: {
          $setOnInsert: {
            communityId,
            unitId: unitOid(r.unit),
            name: r.name,
            relation: r.relation,
            phone: r.phone,
            idNumber: r.idNumber ?? '',
            ...(r.userPhone ? { userId: userIds.get(r.userPhone) } : {}),
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );

  // Parking spaces B1-001…B1-040, and the cars of some households.
  await ParkingSpace.bulkWrite(
    Array.from({ length: 40 }, (_, i) => {
      const code = `B1-${String(i + 1).padStart(3, '0')}`;
      return { updateOne: { filter: { communityId, code }, update: { $setOnInsert: { communityId, code, kind: 'unassigned' } }, upsert: true } };
    }),
    { ordered: false },
  );
  // Leases for 车位管理 and its reminders: B1-008 ends in 12 days, B1-009 (temporary) ended 3 days ago — set once, on the first seed.
  const today = localDay(now());
  const cars: { unit: string; plate: string; space?: string; kind?: 'owned' | 'rented' | 'temporary'; leaseEndsOn?: string }[] = [
    { unit: '1栋1单元1502', plate: '浙A·D1502', space: 'B1-015', kind: 'owned' },
    { unit: '2栋1单元0801', plate: '浙A·80801', space: 'B1-008', kind: 'rented', leaseEndsOn: addDays(today, 12) },
    { unit: '2栋1单元0802', plate: '浙A·5X802', space: 'B1-009', kind: 'temporary', leaseEndsOn: addDays(today, -3) },
    ...lived.slice(0, 12).filter((u) => !taken.has(u.label)).map((u, i) => ({ unit: u.label, plate: `浙A·${String(10_000 + i * 1237).slice(-5)}`, space: `B1-${String(20 + i).padStart(3, '0')}`, kind: 'owned' as const })),
  ];
  for (const car of cars) {
    const unit = unitOid(car.unit);
    const space = car.space
      ? await ParkingSpace.findOneAndUpdate({ communityId, code: car.space }, { $set: { kind: car.kind ?? 'owned', unitId: unit, status: 'assigned' } }, { new: true })
      : null;
    if (space && car.leaseEndsOn && !space.leaseEndsOn) {
      await ParkingSpace.updateOne({ _id: space._id }, { $set: { leaseEndsOn: car.leaseEndsOn, leaseId: new mongoose.Types.ObjectId() } });
    }
    await Vehicle.updateOne(
      { communityId, plate: car.plate },
      { $setOnInsert: { communityId, unitId: unit, plate: car.plate, ...(space ? { parkingSpaceId: space._id } : {}) } },
      { upsert: true },
    );
  }

  // The new buyer of 8栋 (demo-buyer) is seeded with the move-in batch (scripts/demo-movein-batch.ts).
  const missing = DEMO_ACCOUNTS.filter((a) => !people.some((p) => p.openid === a.openid) && a.openid !== DEMO_BUYER.openid);
  if (missing.length) throw new Error(`demo accounts without a seeded person: ${missing.map((a) => a.code).join(', ')}`);

  // A binding request waiting for the front desk: someone who is not (yet) in the records.
  const applicant = await User.findOneAndUpdate({ phone: DEMO_APPLICANT.phone, communityId: { $exists: false } }, { $setOnInsert: { name: '微信用户', phone: DEMO_APPLICANT.phone, roles: [] } }, { upsert: true, new: true });
  const applied = unitOid(DEMO_APPLICANT.unit);
  await BindingRequest.updateOne(
    { openKey: `${String(applicant._id)}:${String(applied)}` },
    {
      $setOnInsert: {
        communityId,
        unitId: applied,
        userId: applicant._id,
        name: DEMO_APPLICANT.name,
        phoneLast4: DEMO_APPLICANT.phone.slice(-4),
        relation: 'tenant',
        status: 'pending',
        openKey: `${String(applicant._id)}:${String(applied)}`,
      },
    },
    { upsert: true },
  );

  // Repair orders in several states, and a follow-up task.
  const repairs = await seedDemoRepairs(communityId);
  // Two notices on the board (one pinned for 1栋, one for everyone).
  await seedDemoNotices(communityId, community.name);
  // Fee items, two months of bills, and one payment.
  await seedDemoFees(communityId);
  // Complaints: one just received, one answered and waiting for the owner, one closed.
  const complaints = await seedDemoComplaints(communityId);
  // An owners' group with yesterday's ordinary chat and a brewing elevator complaint (an open incident).
  await seedDemoSentiment(communityId);
  // Inquiries (咨询): one waiting for quick feedback, one acknowledged, one answered to rate, one rated, one closed.
  await seedDemoInquiries(communityId);
  // The knowledge base and 话术 library (starter ones, a few of the community's own), a week of owners' searches.
  await seedDemoKnowledge(communityId);
  // The desk's call and visit log of today (owners, a visitor, follow-ups) and two 放行条 (one approved, one waiting for the owner).
  await seedDemoContacts(communityId);
  // Move-in 集中入住: the new 8栋 handed over, its buyers, a published batch in progress with bookings (the demo buyer not booked yet).
  await seedDemoMoveInBatch(communityId);
  // Move-in 入伙手续书 (after the batch): one case done with its signatures, one in progress.
  await seedDemoMoveInCases(communityId);
  // Move-in 验房 (after the batch and the cases): a defect of a case in progress turned into a 维保 repair.
  await seedDemoMoveInDefects(communityId);
  // Move-in call tasks (after the batch): a call to a buyer who never booked, recorded with its outcome.
  await seedDemoMoveInCalls(communityId);
  // The community's renovation fees (装修押金, 装修管理费, 垃圾清运费) set first: the renovation parts' approvals bill them.
  await seedDemoRenovationFees(communityId);
  // Renovation applications in 3栋: a draft, a submitted, a returned and a cancelled one; 张伟's unit left free to apply.
  await seedDemoRenovationApply(communityId);
  // Renovation review, approval and passes (after the application part): a reviewed, an approved and an in-progress renovation in 2栋 (0501: workers' 出入证, one with the fixed code ZXGK-2468; 李娜's units keep their arrears).
  await seedDemoRenovationPermit(communityId);
  // Renovation patrols (after approval): in 1栋, one in progress with an open violation (整改通知, re-inspection waiting, a neighbour's complaint) and one suspended after a serious violation.
  await seedDemoRenovationPatrol(communityId);
  // Renovation completion (after the patrols): in 1栋's low floors, one in acceptance, one accepted with its deposit held (a violation open), one closed with its deposit given back minus a deduction.
  await seedDemoRenovationDone(communityId);
  // Community life surveys: an open 社区活动需求调研 (named, per owner, closing in two weeks) a few owners answered, 张伟 not yet.
  await seedingDemo(() => seedDemoLifeSurveys(communityId));
  // Community life results (H2): last year's and this year's yearly satisfaction surveys (closed, anonymous, a few dozen households) and a finished named 停车管理意见征集.
  await seedingDemo(() => seedDemoLifeResults(communityId));
  // Community life activities (H3): the 迎春节 activity in three weeks (small capacity, a waiting list, 张伟 not signed up) and a finished 中秋游园会 with attendance, spent lines and feedback answers.
  await seedingDemo(() => seedDemoLifeActivities(communityId));
  // Community life notice boards (H4): a board per building and one at the south gate, current postings (a demo notice among them), two expired ones and this week's check.
  await seedDemoLifeBoards(communityId);
  // Archives ledger (archives.md "Ledger"): documents in every category (small PDFs), an elevator due for inspection in 6 days, a pump in 25, a cleaning contract ending in 28 days, an overdue loan of the paper 竣工图.
  await seedDemoArchives(communityId);
  // Staff growth courses (growth.md "Courses"): 周晓雨 half-way through onboarding (one failed attempt then passed), 王芳 with the path done, 孙涛's own lesson.
  await seedDemoGrowth(communityId);

  // 孙涛 also manages a second, smaller community (阳光花园): managers can work in several.
  const second = await seedSecondCommunity();
  await User.updateOne({ communityId, phone: '13800000041' }, { $addToSet: { communityIds: second } });
  // The seed writes its records with raw upserts: their lists' sort keys (lib/paging.ts) are filled here.
  await fillSortKeys();

  return {
    communityId: String(communityId),
    // Counted: the move-in part adds the newly handed-over 8栋.
    buildings: await Building.countDocuments({ communityId }),
    units: await Unit.countDocuments({ communityId }),
    owners: people.filter((p) => p.roles.includes('owner')).length,
    staff: STAFF.length,
    residents: residents.length,
    vehicles: cars.length,
    repairs,
    complaints,
  };
}

/** A made-up but well-formed ID number (valid check character), derived from the phone. */
function demoIdNumber(phone: string): string {
  const first17 = `33010619${String(70 + (phone.charCodeAt(10) % 30))}0101${phone.slice(-3)}`;
  return first17 + idCheckCharacter(first17);
}

/** The pending binding request of the demo: a new tenant the records do not know yet. */
const DEMO_APPLICANT = { name: '周新宇', phone: '13500003502', unit: '3栋1单元0502' };

/** 阳光花园: one building of 6 floors, 12 units, an owner recorded for each (none uses the app yet). */
async function seedSecondCommunity(): Promise<mongoose.Types.ObjectId> {
  const community = await Community.findOneAndUpdate(
    { code: 'yangguang' },
    { $setOnInsert: { code: 'yangguang', name: '阳光花园', address: '杭州市西湖区阳光路 6 号', servicePhone: '0571-88887777', serviceHours: '08:30-17:30' } },
    { upsert: true, new: true },
  );
  const communityId = community._id;
  const building = await Building.findOneAndUpdate({ communityId, name: '1栋' }, { $setOnInsert: { communityId, name: '1栋', floors: 6, sort: 1 } }, { upsert: true, new: true });
  for (let floor = 1; floor <= 6; floor++) {
    for (const r of [1, 2]) {
      const room = `${String(floor).padStart(2, '0')}0${r}`;
      const unit = await Unit.findOneAndUpdate(
        { communityId, buildingId: building._id, entrance: '1', room },
        { $setOnInsert: { communityId, buildingId: building._id, entrance: '1', room, label: `1栋1单元${room}`, floor, areaM2: r === 1 ? 92.4 : 118.7, status: 'occupied' } },
        { upsert: true, new: true },
      );
      const k = floor * 2 + r;
      const name = `${SURNAMES[(k * 3) % SURNAMES.length]}${GIVEN[(k * 5) % GIVEN.length]}`;
      await Resident.updateOne(
        { communityId, unitId: unit._id, name },
        { $setOnInsert: { communityId, unitId: unit._id, name, relation: 'owner', phone: `136${String(10_000_000 + k * 4813).slice(-8)}`, idNumber: '' } },
        { upsert: true },
      );
    }
  }
  return communityId;
}

export async function isDemoSeeded(): Promise<boolean> {
  return (await Community.countDocuments({ code: DEMO_COMMUNITY_CODE })) > 0;
}
