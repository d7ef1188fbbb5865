import { createHash } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import { Types } from 'mongoose';
import { contracts, type Access } from '@shared/contracts';
import { addDays, localDay, localMonth } from '@shared/domain/calendar';
import { CALLER_ROLES, GUEST, ROLES, type CallerRole, type Role } from '@shared/domain/roles';
import { statusOf, type ErrorCode } from '@shared/errors';
import { BindingRequest } from '../../cloud/modules/community/binding.model';
import { ParkingSpace, Vehicle } from '../../cloud/modules/community/household.model';
import { functions } from '../../cloud/functions';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { CallTask } from '../../cloud/modules/messaging/messaging.model';
import { FollowUp } from '../../cloud/modules/followups/followup.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { Bill, FeeItem, Payment } from '../../cloud/modules/fees/fee.model';
import { PayIssue, PayOrder, PayRefund } from '../../cloud/modules/fees/pay.model';
import { InvoiceRequest } from '../../cloud/modules/fees/invoice.model';
import { Community } from '../../cloud/modules/community/community.model';
import { enqueue } from '../../cloud/modules/messaging/outbox.service';
import { Session, User } from '../../cloud/modules/identity/user.model';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { SentimentIncident, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { SentimentCorrection } from '../../cloud/modules/sentiment/correction.model';
import { SentimentLexiconEntry } from '../../cloud/modules/sentiment/lexicon-overlay.model';
import { Article, Script } from '../../cloud/modules/knowledge/knowledge.model';
import { Contact } from '../../cloud/modules/desk/contact.model';
import { ReleasePass } from '../../cloud/modules/desk/release-pass.model';
import { Inquiry } from '../../cloud/modules/desk/inquiry.model';
import { DEFAULT_SETTINGS } from '../../cloud/modules/repairs/settings.service';
import { linkWechat, loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import * as moveinProgressModels from '../../cloud/modules/movein/movein.model';
import * as moveinProgressBatches from '../../cloud/modules/movein/batch.model';
import * as moveinPapers from '../../cloud/modules/movein/paper.model';
import * as renovationModels from '../../cloud/modules/renovation/renovation.model';
import { RenovationPass } from '../../cloud/modules/renovation/pass.model';
import { RenovationPatrol } from '../../cloud/modules/renovation/patrol.model';
import { Board as LifeBoard, BoardPosting as LifeBoardPosting } from '../../cloud/modules/life/board.model';
import { Survey as LifeSurvey } from '../../cloud/modules/life/survey.model';
import { Activity as LifeActivity, ActivitySignup as LifeActivitySignup } from '../../cloud/modules/life/activity.model';
import { ArchiveDoc as LedgerArchiveDoc } from '../../cloud/modules/archives/archive-doc.model';
import { Equipment as LedgerEquipment } from '../../cloud/modules/archives/equipment.model';
import { ArchiveContract as LedgerContract } from '../../cloud/modules/archives/contract.model';
import { ArchiveLoan as LedgerLoan } from '../../cloud/modules/archives/loan.model';
// growth: courses
import { CustomLesson as GrowthLesson } from '../../cloud/modules/growth/lesson.model';
import { lessonIdOf } from '../../cloud/modules/growth/lessons';
import { forbiddenCheckKey, PATROL_CHECK_ITEMS } from '@shared/domain/renovation';
import { renovationSettingsOf } from '../../cloud/modules/renovation';
import { startPayFixture } from '../helpers/wechat-pay';
import { setClock } from '../../cloud/lib/clock';
import { getConfig } from '../../cloud/lib/config';
import { createWechatPayClient } from '../../cloud/lib/wechat-pay/client';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';

/**
 * The authorization matrix, generated from the policy table (shared/contracts): every action ×
 * every caller (each role, a guest, no session) × target in the same/other community × the caller's own/another unit. Each cell's
 * expected outcome follows from the action's declared policy alone; the test asserts the real
 * outcome matches, and that no allowed answer carries another community's (or, for owners,
 * another owner's) data. A new action without a sample input here fails the test.
 *
 * Writes too: for every cell whose caller the policy lets in, community B's data (every model with a
 * `communityId`, and B's Community document) must be the same after the call as before it (taken
 * after the cell's sample made its fresh records): a caller of A changes nothing of B, except where
 * WRITES_TO_OTHER_ALLOWED says so and why. B holds work for every job (a fee item to bill, a lease ending soon, an overdue
 * bill, a queued message, overdue repair and complaint deadlines, an expired group message), so a
 * job a manager of A runs by hand that reaches B shows.
 */
interface Target {
  community: 'same' | 'other';
  unit: 'own' | 'other';
}
type CallerKind = CallerRole;
interface World {
  a: Types.ObjectId;
  b: Types.ObjectId;
  buildingA: string;
  buildingB: string;
  ownUnit: string; // the owner caller's unit in A
  spareOwnUnit: string; // a second unit of the owner caller (binding.unbind may take it)
  otherUnitA: string; // another owner's unit in A
  unitB: string;
  staffA: string; // a staff member of A who is not a matrix caller
  staffB: string;
  importA: string;
  importB: string;
  /** Values that must never appear in an answer to a caller of community A. */
  foreign: string[];
  /** Of those, what a guest may see: the communities to choose from when binding. */
  publicToGuests: string[];
  /** Values that must never appear in an answer to the owner caller. */
  otherOwners: string[];
  /** Full phone numbers of community A: masked in every list; in full only on a unit's record to its staff. */
  fullPhonesA: string[];
  /** Unit id → the values that identify it (id, label). */
  unitValues: Record<string, string[]>;
  callers: Record<Role, { openid: string; userId: string }>;
  /** The owner of otherUnitA (reporter of the repairs of that unit). */
  otherOwnerId: string;
}
type Sample = (t: Target, w: World, caller: { code: () => string }) => unknown;

const building = (t: Target, w: World) => (t.community === 'same' ? w.buildingA : w.buildingB);
const unit = (t: Target, w: World) => (t.community === 'other' ? w.unitB : t.unit === 'own' ? w.ownUnit : w.otherUnitA);
const communityOf = (t: Target, w: World) => (t.community === 'same' ? w.a : w.b);
let fresh = 0;
const plate = () => `浙A${String(10000 + fresh++)}`;

/** Records that an allowed call consumes (removed or decided) are made fresh for each cell. */
async function freshResident(t: Target, w: World): Promise<string> {
  return String((await makeResident(communityOf(t, w), unit(t, w), { name: `临时住户${'甲乙丙丁戊己庚辛'[fresh++ % 8]}`, relation: 'family' }))._id);
}
async function freshVehicle(t: Target, w: World): Promise<string> {
  return String((await Vehicle.create({ communityId: communityOf(t, w), unitId: unit(t, w), plate: `浙B·${String(10000 + fresh++)}` }))._id);
}
/** A parking space of the target's community: free, or rented to the target's unit (to release or renew). */
async function freshSpace(t: Target, w: World, rented = false): Promise<string> {
  const lease = rented ? { kind: 'rented', unitId: unit(t, w), leaseEndsOn: '2099-01-31', leaseId: new Types.ObjectId(), status: 'assigned' } : { kind: 'unassigned', status: 'free' };
  return String((await ParkingSpace.create({ communityId: communityOf(t, w), code: `MX-${fresh++}`, ...lease }))._id);
}
async function freshBindingRequest(t: Target, w: World): Promise<string> {
  const _id = new Types.ObjectId();
  await BindingRequest.create({ _id, communityId: communityOf(t, w), unitId: unit(t, w), userId: new Types.ObjectId(), name: '矩阵申请人', phoneLast4: '0000', relation: 'tenant', status: 'pending', openKey: `m:${String(_id)}` });
  return String(_id);
}

async function freshCallTask(t: Target, w: World): Promise<string> {
  const task = await CallTask.create({ communityId: communityOf(t, w), eventKey: `matrix:${fresh++}`, recipientId: new Types.ObjectId(), name: '矩阵电话对象', phone: '13900000000', title: '报修进度通知', lines: [], reason: '矩阵测试', createdAt: new Date() });
  return String(task._id);
}

/** A repair order of the target's unit (reported by that unit's owner), in the state an action needs. */
async function freshRepair(t: Target, w: World, fields: Record<string, unknown> = {}): Promise<string> {
  const _id = new Types.ObjectId();
  const own = t.community === 'same' && t.unit === 'own';
  await Repair.create({
    _id,
    communityId: communityOf(t, w),
    orderNo: `MX${String(_id)}`,
    requestKey: `matrix:${String(_id)}`,
    channel: 'miniprogram',
    area: 'home',
    unitId: unit(t, w),
    location: '矩阵报修位置',
    category: '水电',
    description: '矩阵测试报修',
    urgency: 'normal',
    reporterId: own ? w.callers.owner.userId : w.otherOwnerId,
    reporterName: '矩阵报修人',
    contactName: '矩阵联系人',
    contactPhone: '13800000177',
    status: 'submitted',
    mode: 'manual',
    roundFrom: new Date(),
    ...fields,
  });
  return String(_id);
}
const assignedTo = (w: World, status: string) => ({ status, assigneeId: w.callers.technician.userId, assigneeName: '矩阵师傅', acceptedAt: new Date(), arrivedAt: new Date() });
const completed = { status: 'completed', completedAt: new Date() };

async function freshFollowUp(t: Target, w: World): Promise<string> {
  const sourceId = await freshRepair(t, w, completed);
  const task = await FollowUp.create({ communityId: communityOf(t, w), source: 'repair', sourceId, key: `matrix:${sourceId}`, title: '矩阵回访', ownerName: '矩阵联系人', phone: '13800000177', location: '矩阵报修位置', dueAt: new Date() });
  return String(task._id);
}

/** A published notice of the target's community, for the target's unit. */
async function freshNotice(t: Target, w: World): Promise<string> {
  const _id = new Types.ObjectId();
  await Notice.create({ _id, communityId: communityOf(t, w), requestKey: `matrix:${String(_id)}`, title: '矩阵通知', body: '尊敬的各位业主：矩阵测试正文。', signature: '物业服务中心', kind: 'notice', category: 'important', target: { kind: 'units', unitIds: [unit(t, w)] }, targetText: '矩阵', unitIds: [unit(t, w)], publishAt: new Date(Date.now() - 60_000), status: 'published', authorId: new Types.ObjectId() });
  return String(_id);
}

/** A notice board (宣传栏) of the target's community, in use or retired, with a posting up (from yesterday, for a week). */
async function freshBoard(t: Target, w: World, status: 'active' | 'retired' = 'active'): Promise<string> {
  const b = await LifeBoard.create({ communityId: communityOf(t, w), requestKey: `matrix:board:${fresh++}`, name: `矩阵宣传栏${fresh}`, location: '矩阵', status, rev: 0 });
  return String(b._id);
}
/** archives ledger: an item of the target's equipment ledger, a contract, a paper original (产权资料) free to lend, an open loan of one. */
async function freshEquipment(t: Target, w: World): Promise<string> {
  const e = await LedgerEquipment.create({ communityId: communityOf(t, w), requestKey: `matrix:equipment:${fresh++}`, kind: 'pump', name: '矩阵水泵', code: `MX-EQ-${fresh}`, location: '矩阵泵房', nextDueOn: addDays(localDay(new Date()), 10), status: 'active', rev: 0, byName: '矩阵员工' });
  return String(e._id);
}
/** A lesson of the target community's own (growth: courses). */
async function freshLesson(t: Target, w: World): Promise<string> {
  const l = await GrowthLesson.create({ communityId: communityOf(t, w), course: 'custom', title: `矩阵课程${fresh++}`, minutes: 2, sections: [{ heading: '矩阵', paragraphs: ['矩阵正文'], points: [] }], questions: [{ kind: 'single', text: '矩阵题', options: ['对', '错'], answer: [0], explain: '矩阵解析' }], passMark: 60, status: 'active', version: 1, byName: '矩阵主管' });
  return String(l._id);
}
const matrixLessonInput = { course: 'custom', title: '矩阵课程', minutes: 2, summary: '', sections: [{ heading: '矩阵', paragraphs: ['矩阵正文'], points: [] }], questions: [{ kind: 'single', text: '矩阵题', options: ['对', '错'], answer: [0], explain: '矩阵解析' }], passMark: 60 };
async function freshContract(t: Target, w: World): Promise<string> {
  const c = await LedgerContract.create({ communityId: communityOf(t, w), requestKey: `matrix:contract:${fresh++}`, title: '矩阵保洁合同', party: '矩阵保洁公司', kind: 'cleaning', startOn: '2026-01-01', endOn: '2099-12-31', amountFen: 100, status: 'active', rev: 0, byName: '矩阵主管' });
  return String(c._id);
}
async function freshPaperDoc(t: Target, w: World): Promise<Types.ObjectId> {
  const d = await LedgerArchiveDoc.create({ communityId: communityOf(t, w), requestKey: `matrix:archive-doc:${fresh++}`, category: 'property', title: '矩阵竣工图', searchText: '矩阵竣工图', paper: { location: '矩阵档案柜' }, byId: new Types.ObjectId(), byName: '矩阵员工' });
  return d._id;
}
async function freshLoan(t: Target, w: World): Promise<string> {
  const docId = await freshPaperDoc(t, w);
  const loanId = new Types.ObjectId();
  await LedgerArchiveDoc.updateOne({ _id: docId }, { $set: { onLoan: { loanId, borrowerName: '矩阵业委会', dueOn: addDays(localDay(new Date()), 3) } } });
  await LedgerLoan.create({ _id: loanId, communityId: communityOf(t, w), requestKey: `matrix:loan:${fresh++}`, docId, docTitle: '矩阵竣工图', docCategory: 'property', borrowerName: '矩阵业委会', purpose: '矩阵', lentOn: localDay(new Date()), dueOn: addDays(localDay(new Date()), 3), status: 'open', rev: 0, byName: '矩阵员工' });
  return String(loanId);
}
/** archives documents: a document of the target's community (`rules`: every staff role reads it; `equipment`: agents, technicians and managers add to it). */
async function freshArchiveDoc(t: Target, w: World, category: 'rules' | 'equipment' = 'rules'): Promise<string> {
  const d = await LedgerArchiveDoc.create({ communityId: communityOf(t, w), requestKey: `matrix:doc:${fresh++}`, category, title: '矩阵档案', searchText: '矩阵档案', tags: ['矩阵'], versions: [{ no: 1, fileId: 'f_000000000000000000000000', fileName: '矩阵.pdf', mime: 'application/pdf', size: 10, at: new Date(), byId: new Types.ObjectId(), byName: '矩阵员工' }], byId: new Types.ObjectId(), byName: '矩阵员工' });
  return String(d._id);
}
/** The caller's own archive upload (ticket, then PUT to the gateway), or an id of nothing when the caller may not upload. */
async function archiveUpload(c: { code: () => string }): Promise<string> {
  try {
    const token = await stack.login(c.code());
    const t = await stack.invoke('archives', 'uploadTicket', { category: 'equipment', fileName: '矩阵.pdf', size: 9 }, token);
    if (!t.ok) return 'f_000000000000000000000000';
    const res = (await (await fetch(`${stack.baseUrl}${t.data.url}`, { method: 'PUT', body: new Uint8Array(Buffer.from('%PDF-1.4\n')) })).json()) as { ok: boolean; data?: { id: string } };
    return res.data?.id ?? 'f_000000000000000000000000';
  } catch {
    return 'f_000000000000000000000000';
  }
}
/** A published survey of the target's community (its results: live from no answers). */
async function resultsSurvey(t: Target, w: World): Promise<string> {
  const s = await LifeSurvey.create({ communityId: communityOf(t, w), requestKey: `matrix:results:${fresh++}`, kind: 'general', title: '矩阵问卷', questions: [{ key: 'q', kind: 'rating', title: '矩阵评分', options: [], required: true }], audience: { kind: 'community', buildingIds: [] }, per: 'owner', repeat: 'replace', anonymous: false, opensOn: '2026-01-01', closesOn: '2026-12-31', status: 'published', rev: 0, createdByName: '矩阵主管' });
  return String(s._id);
}
/** A draft survey of the target's community (the builder's; publish sends its notice to the whole community). */
async function draftSurvey(t: Target, w: World): Promise<string> {
  const day = localDay(new Date());
  const s = await LifeSurvey.create({ communityId: communityOf(t, w), requestKey: `matrix:survey:${fresh++}`, kind: 'general', title: '矩阵草稿问卷', questions: [{ key: 'q', kind: 'rating', title: '矩阵评分', options: [], required: true }], audience: { kind: 'community', buildingIds: [] }, per: 'owner', repeat: 'replace', anonymous: false, opensOn: day, closesOn: addDays(day, 7), status: 'draft', rev: 0, createdByName: '矩阵主管' });
  return String(s._id);
}
const surveyForm = () => {
  const day = localDay(new Date());
  return { title: '矩阵问卷', intro: '', questions: [{ kind: 'single', title: '矩阵单选', options: ['甲', '乙'], required: true }], audience: { kind: 'community', buildingIds: [] }, per: 'owner', repeat: 'replace', anonymous: false, opensOn: day, closesOn: addDays(day, 7) };
};
/** An activity of the target's community (published: owners reach it), a fortnight ahead. */
async function freshActivity(t: Target, w: World, status: 'draft' | 'submitted' | 'approved' | 'published' | 'finished' = 'published'): Promise<string> {
  const day = addDays(localDay(new Date()), 14);
  const a = await LifeActivity.create({ communityId: communityOf(t, w), requestKey: `matrix:activity:${fresh++}`, title: '矩阵活动', day, startTime: '09:00', endTime: '11:00', place: '矩阵广场', status, rev: 0, capacity: 5, placesPerHousehold: 2, signupDeadline: addDays(day, -1), ...(status === 'published' || status === 'finished' ? { publishedAt: new Date() } : {}), createdByName: '矩阵主管' });
  return String(a._id);
}
/** A confirmed sign-up of the target's unit for a fresh published activity. */
async function freshSignup(t: Target, w: World, activityId?: string): Promise<string> {
  activityId ??= await freshActivity(t, w);
  const s = await LifeActivitySignup.create({ communityId: communityOf(t, w), activityId, unitId: unit(t, w), unitLabel: '矩阵房屋', userId: new Types.ObjectId(), name: '矩阵业主', places: 1, status: 'confirmed', seq: new Types.ObjectId().toHexString(), code: `MX${fresh}`, codeKey: `${activityId}:MX${fresh++}`, rev: 0 });
  return String(s._id);
}
const activityPlan = () => ({ title: '矩阵活动', day: addDays(localDay(new Date()), 14), startTime: '09:00', endTime: '11:00', place: '矩阵广场' });
async function freshPosting(t: Target, w: World): Promise<string> {
  const boardId = await freshBoard(t, w);
  const day = localDay(new Date());
  const p = await LifeBoardPosting.create({ communityId: communityOf(t, w), boardId, boardName: '矩阵宣传栏', kind: 'tip', title: '矩阵张贴', postedOn: addDays(day, -1), removeOn: addDays(day, 6), byName: '矩阵员工', status: 'posted', rev: 0 });
  return String(p._id);
}

/** A payment of the target's unit, to refund. */
async function freshPayment(t: Target, w: World): Promise<string> {
  const p = await Payment.create({ communityId: communityOf(t, w), unitId: unit(t, w), receiptKey: `matrix:${fresh++}`, receiptNo: `MX${fresh}`, method: 'cash', amountFen: 10000, cashierId: new Types.ObjectId(), cashierName: '矩阵收费员', at: new Date() });
  return String(p._id);
}

/** An open invoice request (发票申请) of a fresh payment of the target's unit, to issue or send back. */
async function freshInvoiceRequest(t: Target, w: World): Promise<string> {
  const paymentId = await freshPayment(t, w);
  const _id = new Types.ObjectId();
  await InvoiceRequest.create({ _id, communityId: communityOf(t, w), unitId: unit(t, w), unitLabel: '矩阵房屋', paymentId, receiptNo: `MX${fresh++}`, method: 'cash', paidAt: new Date(), amountFen: 10000, titleType: 'personal', title: '矩阵业主', status: 'requested', slot: paymentId, requesterId: t.community === 'same' ? w.callers.owner.userId : w.otherOwnerId, requesterName: '矩阵业主', requestedAt: new Date() });
  return String(_id);
}

/** An open issue on the cashier's list of the caller's own community (issues are named by key, not a scoped reference). */
async function freshPayIssue(w: World): Promise<string> {
  const _id = `paid-unrecorded:matrix-${fresh++}`;
  await PayIssue.create({ _id, communityId: w.a, unitId: w.ownUnit, kind: 'paid-unrecorded', transactionId: _id, orderFen: 100, paidFen: 100, at: new Date(), status: 'open' });
  return _id;
}

/** A one-off fee item (一次性收费) of the target's community, to charge. */
async function freshOneOffItem(t: Target, w: World): Promise<string> {
  const item = await FeeItem.create({ communityId: communityOf(t, w), name: '矩阵工本费', kind: 'one-off', rateFen: 5000, cycle: 'monthly', dueDay: 15, vacancyPercent: 100, active: true });
  return String(item._id);
}

/** A bill of the caller's own community (bills are named by key, not a scoped reference). */
/** A WeChat Pay order (closed: payStatus answers it without asking WeChat Pay) of the target's unit. */
async function freshPayOrder(t: Target, w: World): Promise<string> {
  const _id = new Types.ObjectId();
  await PayOrder.create({ _id, communityId: communityOf(t, w), unitId: unit(t, w), userId: new Types.ObjectId(), userName: '矩阵业主', openid: 'o_matrix_pay', billIds: [], amountFen: 100, status: 'closed', expiresAt: new Date(), createdAt: new Date() });
  return String(_id);
}

async function freshBill(w: World): Promise<string> {
  const _id = `matrix:${w.ownUnit}:${fresh++}`;
  await Bill.create({ _id, communityId: w.a, unitId: w.ownUnit, buildingId: w.buildingA, itemId: new Types.ObjectId(), itemName: '物业服务费', kind: 'property', period: '2026-11', amountFen: 10000, dueDate: new Date(), detail: '矩阵', createdAt: new Date() });
  return _id;
}

/** A complaint of the target's community about the target's unit (the owner caller's when it is their unit). */
async function freshComplaint(t: Target, w: World, status = 'received'): Promise<string> {
  const _id = new Types.ObjectId();
  const own = t.community === 'same' && t.unit === 'own';
  await Complaint.create({
    _id,
    communityId: communityOf(t, w),
    caseNo: `MX${String(_id)}`,
    requestKey: `matrix:${String(_id)}`,
    channel: 'miniprogram',
    category: 'cleaning',
    description: '矩阵测试投诉',
    unitId: unit(t, w),
    location: '矩阵投诉位置',
    ownerId: own ? w.callers.owner.userId : w.otherOwnerId,
    reporterId: own ? w.callers.owner.userId : w.otherOwnerId,
    reporterName: '矩阵投诉人',
    contactName: '矩阵联系人',
    contactPhone: '13800000177',
    status,
    roundFrom: new Date(),
    deadlines: { respond: new Date(Date.now() + 86_400_000), reply: new Date(Date.now() + 7 * 86_400_000) },
    ...(status !== 'received' ? { handlerId: w.callers.agent.userId, handlerName: '矩阵客服' } : {}),
  });
  return String(_id);
}

/** An incident of the target's community with one message. */
async function freshIncident(t: Target, w: World): Promise<string> {
  const communityId = communityOf(t, w);
  const messageKey = `${String(communityId)}:matrix-g:mx${fresh++}`;
  await SentimentMessage.create({ _id: messageKey, communityId, groupId: 'matrix-g', messageId: `mx${fresh}`, senderId: 'mx-sender', nickname: '矩阵群友', text: '楼道漏水没人管', sentAt: new Date(), negative: true, score: 0.7, level: 'medium', topics: ['leak'], source: 'api', expiresAt: new Date(Date.now() + 86_400_000) });
  const i = await SentimentIncident.create({ communityId, groupId: 'matrix-g', groupName: '矩阵群', topic: 'leak', status: 'open', severity: 2, messageIds: [messageKey], firstAt: new Date(), lastAt: new Date() });
  return String(i._id);
}

/** A group message of community A (the caller's): a correction names it by group and message id within the caller's community. */
async function freshMessageA(w: World): Promise<string> {
  const messageId = `mx-c${fresh++}`;
  await SentimentMessage.create({ _id: `${String(w.a)}:matrix-g:${messageId}`, communityId: w.a, groupId: 'matrix-g', messageId, senderId: 'mx-sender', nickname: '矩阵群友', text: '楼道漏水没人管', sentAt: new Date(), negative: true, score: 0.7, level: 'medium', topics: ['leak'], source: 'api', expiresAt: new Date(Date.now() + 86_400_000) });
  return messageId;
}
/** A pending correction (误报) of the target's community. */
async function freshCorrection(t: Target, w: World): Promise<string> {
  const c = await SentimentCorrection.create({ communityId: communityOf(t, w), openKey: `matrix:${fresh++}`, groupId: 'matrix-g', groupName: '矩阵群', messageId: 'mx', messageKey: 'mx', text: '楼道漏水没人管', kind: 'false_alarm', status: 'pending', verdict: { level: 'medium', topics: ['leak'] }, expected: {}, proposal: { kind: 'benign', text: '楼道漏水没人管' }, byId: new Types.ObjectId(), byName: '矩阵客服', at: new Date(), week: '2026-W48' });
  return String(c._id);
}
/** An overlay entry of community A (removing names it within the caller's community). */
async function freshLexiconEntryA(w: World): Promise<string> {
  const e = await SentimentLexiconEntry.create({ communityId: w.a, key: `benign:矩阵${fresh++}`, entry: { kind: 'benign', text: `矩阵说法${fresh}` }, source: 'manual', sinceVersion: 1, addedByName: '矩阵经理', addedAt: new Date() });
  return String(e._id);
}

/** An inquiry of the target's community about the target's unit (the owner caller's when it is their unit). */
async function freshInquiry(t: Target, w: World, status = 'received'): Promise<string> {
  const _id = new Types.ObjectId();
  const own = t.community === 'same' && t.unit === 'own';
  const owner = own ? w.callers.owner.userId : w.otherOwnerId;
  await Inquiry.create({
    _id,
    communityId: communityOf(t, w),
    inquiryNo: `MX${String(_id)}`,
    requestKey: `matrix:${String(_id)}`,
    channel: 'miniprogram',
    topic: 'fees',
    text: '矩阵测试咨询',
    unitId: unit(t, w),
    location: '矩阵咨询位置',
    ownerId: owner,
    reporterId: owner,
    reporterName: '矩阵咨询人',
    callerName: '矩阵咨询人',
    callerPhone: '13800000177',
    status,
    promise: { ackMinutes: 30, answerHours: 24 },
    deadlines: { ack: new Date(Date.now() + 1_800_000), answer: new Date(Date.now() + 86_400_000) },
    ...(status === 'answered' ? { answer: { text: '矩阵答复', at: new Date(), byName: '矩阵客服' }, answeredAt: new Date() } : {}),
  });
  return String(_id);
}

/** A published knowledge-base article for owners, of the target's community. */
async function freshArticle(t: Target, w: World): Promise<string> {
  const a = await Article.create({ communityId: communityOf(t, w), title: '矩阵条目', body: '矩阵条目正文', category: 'other', keywords: [], audience: 'all', status: 'published', terms: ['矩阵'], updatedByName: '矩阵主管' });
  return String(a._id);
}

/** A 话术 script of the target's community (its own). */
async function freshScript(t: Target, w: World): Promise<string> {
  const s = await Script.create({ communityId: communityOf(t, w), context: 'general', title: '矩阵话术', text: '矩阵话术内容', updatedByName: '矩阵主管' });
  return String(s._id);
}

/** A call log entry with an open follow-up, of the target's community. */
async function freshContact(t: Target, w: World): Promise<string> {
  const c = await Contact.create({ communityId: communityOf(t, w), requestKey: `matrix:${fresh++}`, kind: 'call', direction: 'in', purpose: '矩阵来电', followUp: { dueAt: new Date(), assigneeName: '矩阵客服' }, followUpOpen: true, at: new Date(), day: localDay(new Date()), byId: new Types.ObjectId(), byName: '矩阵客服' });
  return String(c._id);
}

/** A 放行条 of the target's unit, asked for by a tenant (pending: an owner approves it) or approved for today. */
async function freshPass(t: Target, w: World, status: 'pending' | 'approved' = 'pending'): Promise<{ id: string; code: string }> {
  const _id = new Types.ObjectId();
  const code = `MX${String(_id).slice(-6).toUpperCase()}`;
  await ReleasePass.create({ _id, communityId: communityOf(t, w), requestKey: `matrix:${String(_id)}`, code, unitId: unit(t, w), unitLabel: '矩阵房屋', items: '矩阵物品', quantity: 1, carrierName: '矩阵搬运', carrierPhone: '13800000188', date: localDay(new Date()), status, requestedById: new Types.ObjectId(), requestedByName: '矩阵租户', requestedAs: 'resident' });
  return { id: String(_id), code };
}
const passForm = (unitId: string) => ({ requestId: `matrix-pass-${fresh++}`, unitId, items: '矩阵物品', quantity: 1, carrierName: '刘师傅', carrierPhone: '13800000188', date: localDay(new Date()) });

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

const CSV = Buffer.from('楼栋,单元,房号,楼层,建筑面积,状态\n矩阵楼,1,0101,1,90,自住\n', 'utf8').toString('base64');

/** Move-in progress, calls & resale: a published batch of the target's community with a waiting case of the target's unit (no booking). */
async function freshProgressBatch(t: Target, w: World): Promise<{ batchId: string; moveInId: string }> {
  const communityId = communityOf(t, w);
  const batch = await moveinProgressBatches.MoveInBatch.create({ communityId, requestKey: `matrix:progress:${fresh++}`, name: '矩阵批次', buildingIds: [], startDay: localDay(new Date()), endDay: localDay(new Date()), slots: [{ id: 'am', start: '09:00', end: '12:00', capacity: 5 }], status: 'published' });
  const _id = new Types.ObjectId();
  const unitId = unit(t, w);
  await moveinProgressModels.MoveIn.create({ _id, communityId, unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', kind: 'batch', batchId: batch._id, openKey: `${unitId}:${String(_id)}`, requestKey: `matrix:progress:${String(_id)}`, buyer: { name: '矩阵购房人', phone: '13800000199' }, status: 'waiting', rev: 0 });
  return { batchId: String(batch._id), moveInId: String(_id) };
}
/** Move-in batches: a draft of the target's community without buildings (publishing it is refused: 409 MOVEIN.BATCH_EMPTY, nothing written). */
async function freshDraftBatch(t: Target, w: World): Promise<string> {
  const batch = await moveinProgressBatches.MoveInBatch.create({ communityId: communityOf(t, w), requestKey: `matrix:draft:${fresh++}`, name: '矩阵草稿批次', buildingIds: [], startDay: localDay(new Date()), endDay: localDay(new Date()), slots: [{ id: 's1', start: '09:00', end: '12:00', capacity: 5 }], status: 'draft' });
  return String(batch._id);
}
const batchForm = (buildingId: string) => ({ requestId: `matrix-batch-${fresh++}`, name: '矩阵批次', buildingIds: [buildingId], startDay: localDay(new Date()), endDay: localDay(new Date()), slots: [{ start: '09:00', end: '12:00', capacity: 5 }], place: '矩阵大堂' });
/** A resale sample must not unbind the matrix's owners: the unit gets an open case, so a resale past the policy is refused (409 MOVEIN.CASE_OPEN). */
async function openCaseForResale(t: Target, w: World): Promise<string> {
  const unitId = unit(t, w);
  try {
    await moveinProgressModels.MoveIn.create({ communityId: communityOf(t, w), unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', kind: 'single', openKey: String(unitId), requestKey: `matrix:resale-open:${String(unitId)}`, buyer: { name: '矩阵购房人' }, status: 'waiting', rev: 0 });
  } catch {
    // The unit has an open case already.
  }
  return String(unitId);
}

/** Move-in inspection & papers: a case of the target's unit (done: papers can no longer change, so an allowed paper call is refused 409 and writes nothing). */
async function freshInspectionCase(t: Target, w: World, status: 'waiting' | 'done' = 'waiting'): Promise<string> {
  const _id = new Types.ObjectId();
  const unitId = unit(t, w);
  await moveinProgressModels.MoveIn.create({ _id, communityId: communityOf(t, w), unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', kind: 'single', openKey: `${unitId}:${String(_id)}`, requestKey: `matrix:inspection:${String(_id)}`, buyer: { name: '矩阵购房人', phone: '13800000197' }, status, rev: 0, ...(status === 'done' ? { doneAt: new Date() } : {}) });
  return String(_id);
}
/** An owner's paper on a done case of the target's unit, uploaded by the matrix owner (own unit) or the neighbour. */
async function freshPaper(t: Target, w: World): Promise<string> {
  const moveInId = await freshInspectionCase(t, w, 'done');
  const ownerId = t.community === 'same' && t.unit === 'own' ? w.callers.owner.userId : w.otherOwnerId;
  const p = await moveinPapers.MoveInPaper.create({ communityId: communityOf(t, w), moveInId, unitId: unit(t, w), ownerId, ownerName: '矩阵业主', kind: 'idCard', key: `${moveInId}:${String(ownerId)}:idCard`, fileIds: [], requestId: 'matrix-paper', uploadedAt: new Date() });
  return String(p._id);
}

/** Renovation completion: an in-progress renovation of the target's unit, closed already so it blocks no other open one (openKey with its id). */
async function completionRenovation(t: Target, w: World): Promise<string> {
  const _id = new Types.ObjectId();
  const unitId = unit(t, w);
  await renovationModels.Renovation.create({ _id, communityId: communityOf(t, w), unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', no: `ZX-matrix-${String(_id)}`, openKey: `${unitId}:${String(_id)}`, requestKey: `matrix:renovation:${String(_id)}`, ownerName: '矩阵业主', status: 'in_progress', works: ['floor'], plannedStart: '2026-01-01', plannedEnd: '2026-12-31', rev: 0 });
  return String(_id);
}

/** Renovation approval: a reviewed renovation of the target's unit (its open key closed, so it blocks nothing), with one worker. */
async function approvalRenovation(t: Target, w: World): Promise<string> {
  const _id = new Types.ObjectId();
  const unitId = unit(t, w);
  await renovationModels.Renovation.create({ _id, communityId: communityOf(t, w), unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', no: `ZX-matrix-${String(_id)}`, openKey: `${unitId}:${String(_id)}`, requestKey: `matrix:renovation-approval:${String(_id)}`, ownerName: '矩阵业主', status: 'reviewed', works: ['floor'], workers: [{ name: '矩阵工人', idNumber: '110101199003070003' }], plannedStart: '2026-01-01', plannedEnd: '2026-12-31', rev: 0 });
  return String(_id);
}
/** Renovation application: a fresh renovation of the target's unit in a state (its open key closed, so it blocks nothing). */
async function applicationRenovation(t: Target, w: World, status: 'draft' | 'submitted' = 'draft'): Promise<string> {
  const _id = new Types.ObjectId();
  const unitId = unit(t, w);
  const start = localDay(new Date(Date.now() + 2 * 86_400_000));
  await renovationModels.Renovation.create({ _id, communityId: communityOf(t, w), unitId, buildingId: new Types.ObjectId(), unitLabel: '矩阵房屋', no: `ZX-matrix-${String(_id)}`, openKey: `${unitId}:${String(_id)}`, requestKey: `matrix:renovation-application:${String(_id)}`, ownerName: '矩阵业主', status, works: ['floor'], plannedStart: start, plannedEnd: start, rev: 0 });
  return String(_id);
}
/** Renovation patrols: a patrol task of a fresh in-progress renovation of the target's unit (open, or done with a violation: its 整改通知). */
async function freshPatrol(t: Target, w: World, violation = false): Promise<string> {
  const renovationId = new Types.ObjectId(await completionRenovation(t, w));
  const p = await RenovationPatrol.create({
    communityId: communityOf(t, w),
    renovationId,
    unitId: unit(t, w),
    unitLabel: '矩阵房屋',
    kind: 'routine',
    dueOn: localDay(new Date()),
    status: violation ? 'done' : 'open',
    rev: 0,
    ...(violation ? { outcome: 'violation', checks: [{ key: 'rubbish', label: '垃圾清运', ok: false, note: '矩阵违规' }], noticeNo: 'ZX-matrix-ZG1', severity: 'minor', deadline: localDay(new Date(Date.now() + 3 * 86_400_000)), violationOpen: true, byName: '矩阵员工', doneAt: new Date() } : {}),
  });
  return String(p._id);
}
/** Every item of the target community's patrol checklist (its forbidden works as saved — the matrix saves the settings too), in order. */
const patrolChecks = async (t: Target, w: World) =>
  [...PATROL_CHECK_ITEMS.map((i) => i.key), ...(await renovationSettingsOf(String(communityOf(t, w)))).forbiddenWorks.map((f) => forbiddenCheckKey(f.key))].map((key) => ({ key, ok: true }));
const renovationForm = () => {
  const start = localDay(new Date(Date.now() + 2 * 86_400_000));
  return { works: ['floor'], plannedStart: start, plannedEnd: start };
};
/** A worker's 装修出入证 of a renovation of the target's community. */
async function freshWorkerPass(t: Target, w: World): Promise<{ id: string; code: string }> {
  const _id = new Types.ObjectId();
  const code = `MW${String(_id).slice(-6).toUpperCase()}`;
  await RenovationPass.create({ _id, communityId: communityOf(t, w), renovationId: new Types.ObjectId(await approvalRenovation(t, w)), unitId: unit(t, w), unitLabel: '矩阵房屋', requestKey: `matrix:worker:${String(_id)}`, code, workerId: String(new Types.ObjectId()), name: '矩阵工人', idNumber: '110101199003070003', status: 'active', rev: 0 });
  return { id: String(_id), code };
}

/** One sample input per action; target-dependent where the action takes a record id. */
/** A sample may be async: it may make a fresh record for the cell. */
const SAMPLES: Record<string, Sample> = {
  'auth.loginOptions': () => ({}),
  'auth.login': (_t, _w, c) => ({ code: c.code() }),
  'auth.me': () => ({}),
  'auth.refresh': () => ({}),
  'auth.logout': () => ({}),
  'auth.switchCommunity': (t, w) => ({ communityId: String(communityOf(t, w)) }),
  'community.myHome': () => ({}),
  'community.myProfile': () => ({}),
  'community.overview': () => ({}),
  'community.units': (t, w) => ({ buildingId: building(t, w) }),
  'community.staff': () => ({}),
  'community.unit': (t, w) => ({ unitId: unit(t, w) }),
  'community.saveUnit': (t, w) => ({ unitId: unit(t, w), status: 'occupied' }),
  'community.saveResident': (t, w) => ({ unitId: unit(t, w), name: '矩阵新住户', relation: 'family', phone: '13800000199' }),
  'community.removeResident': async (t, w) => ({ residentId: await freshResident(t, w) }),
  'community.saveVehicle': (t, w) => ({ unitId: unit(t, w), plate: plate() }),
  'community.removeVehicle': async (t, w) => ({ vehicleId: await freshVehicle(t, w) }),
  'community.parkingSpaces': () => ({}),
  'community.saveParkingSpace': (t, w) => ({ code: `M-${String(fresh++)}`, kind: 'owned', unitId: unit(t, w) }),
  'community.parkingSpace': async (t, w) => ({ spaceId: await freshSpace(t, w, true) }),
  'community.assignParkingSpace': async (t, w) => ({ spaceId: await freshSpace(t, w), unitId: unit(t, w), kind: 'rented', leaseEndsOn: '2099-12-31' }),
  'community.releaseParkingSpace': async (t, w) => ({ spaceId: await freshSpace(t, w, true) }),
  'community.renewParkingLease': async (t, w) => ({ spaceId: await freshSpace(t, w, true), leaseEndsOn: '2099-06-30' }),
  'community.parkingLadder': () => ({}),
  'community.saveParkingLadder': () => ({ days: [30, 15, 7, 1] }),
  'community.saveStaff': (t, w) => ({ staffId: t.community === 'same' ? w.staffA : w.staffB, name: '矩阵员工', roles: ['technician'], skills: ['水电'], onDuty: true }),
  'community.setOnDuty': () => ({ onDuty: true }),
  'binding.options': () => ({}),
  'binding.request': (t, w) => ({ unitId: unit(t, w), name: '矩阵访客', phoneLast4: '0000', relation: 'tenant' }),
  'binding.mine': () => ({}),
  'binding.unbind': (t, w) => ({ unitId: t.community === 'same' && t.unit === 'own' ? w.spareOwnUnit : unit(t, w) }),
  'binding.tasks': () => ({}),
  'binding.review': async (t, w) => ({ bindingId: await freshBindingRequest(t, w), decision: 'reject', reason: '矩阵测试' }),
  'imports.template': () => ({ kind: 'units', format: 'csv' }),
  'imports.preview': () => ({ kind: 'units', fileName: '矩阵.csv', contentBase64: CSV }),
  'imports.commit': (t, w) => ({ importId: t.community === 'same' ? w.importA : w.importB }),
  'imports.history': () => ({}),
  'imports.export': () => ({ kind: 'units', format: 'csv' }),
  'messaging.subscriptions': () => ({}),
  'messaging.reportSubscription': () => ({ results: [{ templateId: templateByKey('repair.progress')!.templateId, result: 'accept' }] }),
  'messaging.myMessages': () => ({}),
  'messaging.unread': () => ({}),
  'messaging.markSeen': () => ({}),
  'messaging.callTasks': () => ({}),
  'messaging.completeCallTask': async (t, w) => ({ callTaskId: await freshCallTask(t, w), note: '已电话告知' }),
  'messaging.outbox': () => ({}),
  'messaging.demoInbox': () => ({}),
  'jobs.deliverOutbox': () => ({ limit: 10 }),
  'jobs.repairSla': () => ({}),
  'files.upload': () => ({ purpose: 'repair', fileName: '矩阵.png', contentBase64: PNG }),
  // The matrix runs the local store: a registration is refused with 409 FILE.WRONG_STORE past the policy.
  'files.register': () => ({ purpose: 'repair', fileName: '矩阵.png', fileId: 'cloud://matrix-env.6d61-matrix-env-1312345678/uploads/x/y/矩阵.png' }),
  'repairs.settings': () => ({}),
  'repairs.saveSettings': () => DEFAULT_SETTINGS,
  'repairs.create': (t, w) => ({ requestId: `matrix-${fresh++}-create`, area: 'home', unitId: unit(t, w), category: '水电', description: '矩阵测试：厨房水龙头坏了' }),
  'repairs.createForOwner': (t, w) => ({ requestId: `matrix-${fresh++}-phone`, area: 'home', unitId: unit(t, w), category: '水电', description: '矩阵测试：电话报修', contactName: '矩阵联系人', contactPhone: '13800000177' }),
  'repairs.mine': () => ({}),
  'repairs.get': async (t, w) => ({ repairId: await freshRepair(t, w) }),
  'repairs.urge': async (t, w) => ({ repairId: await freshRepair(t, w) }),
  'repairs.cancel': async (t, w) => ({ repairId: await freshRepair(t, w) }),
  'repairs.rate': async (t, w) => ({ repairId: await freshRepair(t, w, completed), overall: 4, speed: 4, attitude: 5 }),
  'repairs.reopen': async (t, w) => ({ repairId: await freshRepair(t, w, completed), reason: '又漏水了' }),
  'repairs.queue': () => ({}),
  'repairs.claim': async (t, w) => ({ repairId: await freshRepair(t, w, { inPool: true, mode: 'pool' }) }),
  'repairs.accept': async (t, w) => ({ repairId: await freshRepair(t, w, assignedTo(w, 'dispatched')) }),
  'repairs.arrive': async (t, w) => ({ repairId: await freshRepair(t, w, assignedTo(w, 'accepted')) }),
  'repairs.pause': async (t, w) => ({ repairId: await freshRepair(t, w, assignedTo(w, 'arrived')), reason: '等待配件' }),
  'repairs.resume': async (t, w) => ({ repairId: await freshRepair(t, w, { ...assignedTo(w, 'paused'), pausedAt: new Date() }) }),
  'repairs.complete': async (t, w) => ({ repairId: await freshRepair(t, w, assignedTo(w, 'arrived')) }),
  'repairs.return': async (t, w) => ({ repairId: await freshRepair(t, w, assignedTo(w, 'dispatched')), reason: '不是我负责的片区' }),
  'repairs.list': () => ({}),
  'repairs.assign': async (t, w) => ({ repairId: await freshRepair(t, w), technicianId: t.community === 'same' ? w.callers.technician.userId : w.staffB }),
  'repairs.board': () => ({}),
  'repairs.stats': () => ({}),
  'followups.list': () => ({}),
  'followups.record': async (t, w) => ({ followUpId: await freshFollowUp(t, w), method: 'phone', outcome: 'satisfied' }),
  'followups.stats': () => ({}),
  'notices.templates': () => ({}),
  'notices.saveTemplate': () => ({ basedOn: 'water-outage', name: '矩阵停水', kind: 'notice', category: 'important', title: '停水通知', body: '尊敬的各位业主：{{date}}停水。', signature: '物业服务中心', variables: [{ name: 'date', label: '日期', type: 'date' }] }),
  'notices.preview': () => ({ templateKey: 'water-outage', values: {} }),
  'notices.check': () => ({ title: '矩阵通知', body: '矩阵测试正文' }),
  'notices.publish': () => ({ requestId: `matrix-notice-${fresh++}`, values: {}, title: '矩阵通知', body: '尊敬的各位业主：矩阵测试正文。', kind: 'notice', category: 'normal', target: { kind: 'community' } }),
  'notices.reach': () => ({ target: { kind: 'community' }, category: 'important' }),
  'notices.update': async (t, w) => ({ noticeId: await freshNotice(t, w), title: '矩阵通知（更新）', body: '尊敬的各位业主：矩阵测试正文，已更新。' }),
  'notices.withdraw': async (t, w) => ({ noticeId: await freshNotice(t, w), reason: '矩阵测试' }),
  'notices.list': () => ({}),
  'notices.get': async (t, w) => ({ noticeId: await freshNotice(t, w) }),
  'notices.stats': async (t, w) => ({ noticeId: await freshNotice(t, w) }),
  'notices.unread': async (t, w) => ({ noticeId: await freshNotice(t, w) }),
  'notices.callUnread': async (t, w) => ({ noticeId: await freshNotice(t, w) }),
  'notices.audiences': () => ({}),
  'notices.saveAudience': (t, w) => ({ name: `矩阵对象${fresh++}`, buildingIds: [building(t, w)], minFloor: 2 }),
  'notices.board': () => ({}),
  'notices.open': async (t, w) => ({ noticeId: await freshNotice(t, w) }),
  'fees.items': () => ({}),
  'fees.saveItem': () => ({ name: '矩阵物业费', kind: 'property', rateFen: 235 }),
  'fees.runBilling': () => ({ month: localMonth(new Date()) }),
  'fees.chargeOneOff': async (t, w) => ({ requestId: `matrix-charge-${fresh++}`, itemId: await freshOneOffItem(t, w), unitIds: [unit(t, w)], dueDate: localDay(new Date(Date.now() + 7 * 86_400_000)) }),
  'fees.account': (t, w) => ({ unitId: unit(t, w) }),
  'fees.myAccounts': () => ({}),
  'fees.recordPayment': (t, w) => ({ unitId: unit(t, w), amountFen: 100, method: 'cash', receiptNo: `MX-${fresh++}` }),
  'fees.refund': async (t, w) => ({ paymentId: await freshPayment(t, w), amountFen: 100, reason: '矩阵退款' }),
  'fees.cancelBill': async (_t, w) => ({ billId: await freshBill(w), reason: '矩阵作废' }),
  'fees.arrears': () => ({}),
  'fees.reviewList': () => ({}),
  'fees.recordOutcome': (t, w) => ({ unitId: unit(t, w), reason: 'forgot', note: '矩阵' }),
  'fees.pause': (t, w) => ({ unitId: unit(t, w), pause: true, reason: '矩阵困难' }),
  'fees.stats': () => ({ month: '2026-11' }),
  'fees.payPrepare': (t, w) => ({ unitId: unit(t, w), billIds: [`matrix:${unit(t, w)}:none`], requestId: `matrix-pay-${fresh++}` }),
  'fees.payStatus': async (t, w) => ({ unitId: unit(t, w), orderId: await freshPayOrder(t, w) }),
  'fees.payIssues': () => ({}),
  'fees.resolvePayIssue': async (_t, w) => ({ issueId: await freshPayIssue(w), note: '矩阵处理' }),
  // A cash payment: past the policy, 409 PAY.NOT_ONLINE (WeChat Pay is not configured here anyway).
  'fees.refundCredit': async (t, w) => ({ unitId: unit(t, w), paymentId: await freshPayment(t, w), reason: '矩阵退款' }),
  'fees.receipt': async (t, w) => ({ unitId: unit(t, w), paymentId: await freshPayment(t, w) }),
  'fees.receiptPdf': async (t, w) => ({ unitId: unit(t, w), paymentId: await freshPayment(t, w) }),
  'fees.requestInvoice': async (t, w) => ({ unitId: unit(t, w), paymentId: await freshPayment(t, w), requestId: `matrix-invoice-${fresh++}`, titleType: 'personal', title: '矩阵业主' }),
  'fees.invoiceRequests': () => ({}),
  'fees.invoiceIssued': async (t, w) => ({ invoiceRequestId: await freshInvoiceRequest(t, w), invoiceNo: `2633200000${String(fresh++).padStart(10, '0')}` }),
  'fees.invoiceRejected': async (t, w) => ({ invoiceRequestId: await freshInvoiceRequest(t, w), reason: '矩阵退回' }),
  'jobs.closePayOrders': () => ({}),
  'jobs.settlePayRefunds': () => ({}),
  'jobs.reconcilePayments': () => ({}),
  'jobs.remindFees': () => ({}),
  'jobs.parkingReminders': () => ({}),
  'jobs.billFees': () => ({ month: localMonth(new Date()) }),
  'jobs.complaintSla': () => ({}),
  'jobs.inquirySla': () => ({}),
  'jobs.sentimentCleanup': () => ({}),
  'jobs.housekeeping': () => ({}),
  'fees.ladder': () => ({}),
  'fees.saveLadder': () => ({ days: [-3, 1, 15, 30, 90] }),
  'fees.reminderNotice': (t, w) => ({ unitId: unit(t, w), kind: 'property' }),
  'complaints.submit': (t, w) => ({ requestId: `matrix-c-${fresh++}`, category: 'cleaning', description: '矩阵测试投诉内容', unitId: unit(t, w) }),
  'complaints.record': (t, w) => ({ requestId: `matrix-c-${fresh++}`, channel: 'phone', unitId: unit(t, w), contactName: '矩阵联系人', contactPhone: '13800000177', category: 'noise', description: '矩阵测试投诉内容' }),
  'complaints.mine': () => ({}),
  'complaints.list': () => ({}),
  'complaints.get': async (t, w) => ({ complaintId: await freshComplaint(t, w) }),
  'complaints.accept': async (t, w) => ({ complaintId: await freshComplaint(t, w) }),
  'complaints.assign': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'accepted'), handlerId: t.community === 'same' ? w.callers.manager.userId : w.staffB }),
  'complaints.setAboutUnit': async (t, w) => ({ complaintId: await freshComplaint(t, w), aboutUnitId: unit(t, w) }),
  'complaints.investigate': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'accepted'), note: '矩阵调查' }),
  'complaints.reply': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'accepted'), content: '矩阵书面答复内容', validity: 'valid' }),
  'complaints.confirm': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'replied') }),
  'complaints.unhappy': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'replied'), reason: '矩阵不满意' }),
  'complaints.close': async (t, w) => ({ complaintId: await freshComplaint(t, w, 'followup') }),
  'complaints.board': () => ({}),
  'complaints.monthly': () => ({ month: '2026-11' }),
  'complaints.settings': () => ({}),
  'complaints.saveSettings': () => ({ firstResponseHours: 24, urgentFirstResponseHours: 2, replyDays: 7, followUpDays: 3 }),
  'complaints.handlers': () => ({}),
  'sentiment.ingest': () => ({ groupId: 'matrix-g', messages: [{ messageId: `mx-in-${fresh++}`, sender: { id: 'mx-s', nickname: '矩阵' }, text: '谢谢物业', sentAt: new Date().toISOString() }] }),
  'sentiment.importChat': () => ({ groupName: '矩阵群', content: `2026-11-27 09:0${fresh++ % 10} 矩阵: 你好` }),
  'sentiment.groups': () => ({}),
  'sentiment.messages': () => ({ groupId: 'matrix-g' }),
  'sentiment.incidents': () => ({}),
  'dashboard.manager': () => ({}),
  'dashboard.desk': () => ({}),
  'sentiment.incident': async (t, w) => ({ incidentId: await freshIncident(t, w) }),
  'sentiment.acknowledge': async (t, w) => ({ incidentId: await freshIncident(t, w) }),
  'sentiment.resolve': async (t, w) => ({ incidentId: await freshIncident(t, w), note: '矩阵已处理' }),
  'sentiment.convert': async (t, w) => ({ incidentId: await freshIncident(t, w), to: 'complaint', unitId: unit(t, w), contactName: '矩阵联系人', contactPhone: '13800000177' }),
  'sentiment.linkSender': (_t, w) => ({ senderId: 'mx-s', userId: w.callers.owner.userId }),
  'sentiment.settings': () => ({}),
  'sentiment.saveSettings': () => ({ windowMinutes: 30, minNegatives: 3, minSenders: 2, retentionDays: 90 }),
  // The correction loop: a message or an overlay entry is named within the caller's community (A) whatever the target; a correction is a reference.
  'sentiment.correct': async (_t, w) => ({ groupId: 'matrix-g', messageId: await freshMessageA(w), kind: 'false_alarm' }),
  'sentiment.corrections': () => ({}),
  'sentiment.previewEntry': () => ({ entry: { kind: 'benign', text: '矩阵说法' } }),
  'sentiment.reviewCorrection': async (t, w) => ({ correctionId: await freshCorrection(t, w), decision: 'reject' }),
  'sentiment.lexicon': () => ({}),
  'sentiment.addLexiconEntry': () => ({ entry: { kind: 'benign', text: '矩阵说法' } }),
  'sentiment.removeLexiconEntry': async (_t, w) => ({ entryId: await freshLexiconEntryA(w) }),
  'sentiment.exportLexicon': () => ({}),
  'sentiment.importLexicon': () => ({ mode: 'merge', file: { format: 'wuye-sentiment-lexicon', formatVersion: 1, entries: [{ kind: 'benign', text: '矩阵导入' }] } }),
  'sentiment.lexiconFigures': () => ({}),
  // --- knowledge ---
  'knowledge.list': () => ({}),
  'knowledge.get': async (t, w) => ({ articleId: await freshArticle(t, w) }),
  'knowledge.search': () => ({ q: '矩阵条目' }),
  'knowledge.saveArticle': async (t, w) => ({ articleId: await freshArticle(t, w), title: '矩阵条目改', body: '矩阵条目正文改', category: 'other' }),
  'knowledge.archiveArticle': async (t, w) => ({ articleId: await freshArticle(t, w) }),
  'knowledge.feedback': async (t, w) => ({ articleId: await freshArticle(t, w), helpful: true }),
  'knowledge.missingAnswers': () => ({}),
  'knowledge.scripts': () => ({ where: { context: 'phone' } }),
  'knowledge.scriptLibrary': () => ({ context: 'general' }),
  'knowledge.saveScript': async (t, w) => ({ scriptId: await freshScript(t, w), where: { context: 'general' }, title: '矩阵话术改', text: '矩阵话术内容改' }),
  'knowledge.removeScript': async (t, w) => ({ scriptId: await freshScript(t, w) }),
  'knowledge.restoreScript': () => ({ starterKey: 'general.greet' }),
  // --- inquiries ---
  'desk.ask': (t, w) => ({ requestId: `matrix-q-${fresh++}`, topic: 'fees', text: '矩阵测试咨询内容', unitId: unit(t, w) }),
  'desk.mine': () => ({}),
  'desk.get': async (t, w) => ({ inquiryId: await freshInquiry(t, w) }),
  'desk.rate': async (t, w) => ({ inquiryId: await freshInquiry(t, w, 'answered'), stars: 5 }),
  'desk.record': (t, w) => ({ requestId: `matrix-q-${fresh++}`, channel: 'phone', topic: 'parking', text: '矩阵测试咨询内容', unitId: unit(t, w), callerName: '矩阵来电', callerPhone: '13800000177' }),
  'desk.list': () => ({}),
  'desk.acknowledge': async (t, w) => ({ inquiryId: await freshInquiry(t, w), text: '矩阵快速反馈' }),
  'desk.answer': async (t, w) => ({ inquiryId: await freshInquiry(t, w), text: '矩阵书面答复内容' }),
  'desk.assign': async (t, w) => ({ inquiryId: await freshInquiry(t, w), handlerId: t.community === 'same' ? w.callers.manager.userId : w.staffB }),
  'desk.convert': async (t, w) => ({ inquiryId: await freshInquiry(t, w), to: 'complaint', category: 'other' }),
  'desk.close': async (t, w) => ({ inquiryId: await freshInquiry(t, w), note: '矩阵关闭' }),
  'desk.inquirySettings': () => ({}),
  'desk.saveInquirySettings': () => ({ promises: { fees: { ackMinutes: 30, answerHours: 24 } } }),
  // --- owner view ---
  'desk.lookup': () => ({ q: '0101' }),
  'desk.ownerView': (t, w) => ({ unitId: unit(t, w) }),
  'desk.revealPhone': async (t, w) => ({ residentId: await freshResident(t, w) }),
  'desk.viewAudit': () => ({}),
  // --- contacts, visitors and release passes ---
  'desk.logContact': (t, w) => ({ requestId: `matrix-contact-${fresh++}`, kind: 'call', unitId: unit(t, w), purpose: '矩阵来电' }),
  'desk.contacts': (t, w) => ({ unitId: unit(t, w) }),
  // movein: batches & bookings
  'jobs.moveInReminders': () => ({}),
  'movein.batches': () => ({}),
  'movein.batch': async (t, w) => ({ batchId: (await freshProgressBatch(t, w)).batchId }),
  'movein.saveBatch': async (t, w) => ({ ...batchForm(building(t, w)), batchId: await freshDraftBatch(t, w) }),
  'movein.publishBatch': async (t, w) => ({ batchId: await freshDraftBatch(t, w) }),
  'movein.closeBatch': async (t, w) => ({ batchId: (await freshProgressBatch(t, w)).batchId }),
  'movein.myMoveIn': () => ({}),
  'movein.book': async (t, w) => ({ moveInId: (await freshProgressBatch(t, w)).moveInId, day: localDay(new Date()), slotId: 'am', requestId: `matrix-book-${fresh++}` }),
  'movein.cancelBooking': async (t, w) => ({ moveInId: (await freshProgressBatch(t, w)).moveInId, requestId: `matrix-unbook-${fresh++}` }),
  // movein: the 入伙手续书 (checklist). Writes that would touch the matrix's records are refused past the policy (409): a case
  // already done takes no step; a waiting one cannot be completed (so nobody is bound); the matrix's unit is occupied (no new case).
  'movein.cases': () => ({}),
  'movein.caseDetail': async (t, w) => ({ moveInId: await freshInspectionCase(t, w) }),
  'movein.createCase': (t, w) => ({ kind: 'single', unitId: unit(t, w), buyer: { name: '矩阵买家', phone: '13800000196' }, requestId: `matrix-case-${fresh++}` }),
  'movein.startCase': async (t, w) => ({ moveInId: await freshInspectionCase(t, w) }),
  'movein.tickStep': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), step: 'documents' }),
  'movein.undoStep': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), step: 'documents' }),
  'movein.checkIdentity': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), idNumber: '110101199003070003' }),
  'movein.payFees': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), amountFen: 100, method: 'cash', receiptNo: `MX-${fresh++}`, requestId: `matrix-pay-${fresh++}` }),
  'movein.signAgreements': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), signer: '矩阵业主', fileId: 'f_000000000000000000000000' }),
  'movein.handOverKeys': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), keys: [{ name: '入户门钥匙', count: 2 }], signer: '矩阵业主', fileId: 'f_000000000000000000000000' }),
  'movein.issueCards': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), cards: [{ kind: 'access', number: 'MX-1' }] }),
  'movein.completeCase': async (t, w) => ({ moveInId: await freshInspectionCase(t, w), occupancy: 'occupied', requestId: `matrix-done-${fresh++}` }),
  'movein.cancelCase': async (t, w) => ({ moveInId: await freshInspectionCase(t, w), reason: '矩阵取消' }),
  'movein.casePdf': async (t, w) => ({ moveInId: await freshInspectionCase(t, w) }),
  'movein.settings': () => ({}),
  'movein.saveSettings': () => ({ requiredSteps: ['identity', 'documents', 'fees', 'agreements', 'inspection', 'keys'], documentRetentionDays: 180 }),
  // movein: inspection & documents
  'movein.inspection': async (t, w) => ({ moveInId: await freshInspectionCase(t, w) }),
  'movein.submitInspection': async (t, w) => ({ moveInId: await freshInspectionCase(t, w), requestId: `matrix-insp-${fresh++}`, checks: [{ room: 'kitchen', item: 'surfaces', ok: true }], defects: [] }),
  'movein.myDefects': () => ({}),
  'movein.myPapers': () => ({}),
  'movein.uploadPaper': async (t, w) => ({ moveInId: await freshInspectionCase(t, w, 'done'), requestId: `matrix-paper-${fresh++}`, kind: 'idCard', fileIds: ['f_000000000000000000000000'] }),
  'movein.deletePaper': async (t, w) => ({ paperId: await freshPaper(t, w) }),
  'movein.papers': async (t, w) => ({ moveInId: await freshInspectionCase(t, w) }),
  'movein.paperPhotos': async (t, w) => ({ paperId: await freshPaper(t, w) }),
  // movein: progress, calls & resale
  'movein.progress': async (t, w) => ({ batchId: (await freshProgressBatch(t, w)).batchId }),
  'movein.progressDay': async (t, w) => ({ batchId: (await freshProgressBatch(t, w)).batchId, day: localDay(new Date()) }),
  'movein.callTasks': async (t, w) => ({ batchId: (await freshProgressBatch(t, w)).batchId }),
  'movein.recordCall': async (t, w) => ({ moveInId: (await freshProgressBatch(t, w)).moveInId, requestId: `matrix-call-${fresh++}`, outcome: 'no_answer' }),
  'movein.resaleInfo': (t, w) => ({ unitId: unit(t, w) }),
  'movein.resale': async (t, w) => ({ unitId: await openCaseForResale(t, w), requestId: `matrix-resale-${fresh++}`, buyer: { name: '矩阵买家', phone: '13800000198' } }),
  'fees.carryOver': (t, w) => ({ unitId: unit(t, w), requestId: `matrix-carry-${fresh++}`, amountFen: 1, note: '矩阵欠费转移' }),
  'desk.closeFollowUp': async (t, w) => ({ contactId: await freshContact(t, w) }),
  'desk.requestPass': (t, w) => passForm(unit(t, w)),
  'desk.recordPass': (t, w) => passForm(unit(t, w)),
  'desk.myPasses': () => ({}),
  'desk.passes': () => ({}),
  'desk.approvePass': async (t, w) => ({ passId: (await freshPass(t, w)).id, approve: true }),
  'desk.revokePass': async (t, w) => ({ passId: (await freshPass(t, w)).id }),
  // Codes are not references: always a pass of the caller's own community (another's answers PASS.NOT_FOUND, release-passes.test.ts).
  'desk.checkPass': async (_t, w) => ({ code: (await freshPass({ community: 'same', unit: 'own' }, w, 'approved')).code }),
  'desk.releasePass': async (_t, w) => ({ code: (await freshPass({ community: 'same', unit: 'own' }, w, 'approved')).code }),
  // --- figures ---
  'desk.figures': () => ({}),
  // renovation: application (a fresh draft of the target's unit; sign on a submitted one is refused (409) before its file is looked at)
  'renovation.detail': async (t, w) => ({ renovationId: await applicationRenovation(t, w) }),
  'renovation.list': () => ({}),
  'renovation.create': (t, w) => ({ requestId: `matrix-renovation-${fresh++}`, unitId: unit(t, w), owner: { name: '矩阵业主', phone: '13800000195' }, ...renovationForm() }),
  'renovation.update': async (t, w) => ({ renovationId: await applicationRenovation(t, w), ...renovationForm() }),
  'renovation.sign': async (t, w) => ({ renovationId: await applicationRenovation(t, w, 'submitted'), signer: 'owner', name: '矩阵业主', fileId: 'f_000000000000000000000000' }),
  'renovation.submit': async (t, w) => ({ renovationId: await applicationRenovation(t, w) }),
  'renovation.cancel': async (t, w) => ({ renovationId: await applicationRenovation(t, w) }),
  'renovation.settings': () => ({}),
  'renovation.saveSettings': () => ({ forbiddenWorks: [], papers: { pledge: '矩阵承诺书：遵守装修管理规定，按审批范围施工。', agreement: '矩阵协议书：三方就装修管理达成如下协议。' }, feeItems: {}, workingHours: { workdays: [{ from: '08:00', to: '12:00' }], restDays: [], allDay: { from: '08:00', to: '20:00' } }, patrolEveryDays: 3 }),
  // renovation: approval, permit & passes (a fresh reviewed renovation of the target's unit; a fresh pass)
  'renovation.review': async (t, w) => ({ renovationId: await approvalRenovation(t, w), conditions: [] }),
  'renovation.return': async (t, w) => ({ renovationId: await approvalRenovation(t, w), reason: '矩阵退回' }),
  'renovation.approve': async (t, w) => ({ renovationId: await approvalRenovation(t, w) }),
  'renovation.start': async (t, w) => ({ renovationId: await approvalRenovation(t, w) }),
  'renovation.permit': async (t, w) => ({ renovationId: await approvalRenovation(t, w) }),
  'renovation.permitPdf': async (t, w) => ({ renovationId: await approvalRenovation(t, w) }),
  'renovation.addWorker': async (t, w) => ({ renovationId: await approvalRenovation(t, w), requestId: `matrix-worker-${fresh++}`, name: '矩阵工人', idNumber: '11010119900307651X' }),
  'renovation.revokePass': async (t, w) => ({ passId: (await freshWorkerPass(t, w)).id, reason: '矩阵撤销' }),
  'renovation.checkPass': async (_t, w) => ({ code: (await freshWorkerPass({ community: 'same', unit: 'own' }, w)).code }),
  // renovation: completion, deposit & board (a fresh in-progress renovation of the target's unit)
  'renovation.completion': async (t, w) => ({ renovationId: await completionRenovation(t, w) }),
  'renovation.applyAcceptance': async (t, w) => ({ renovationId: await completionRenovation(t, w), requestId: `matrix-${fresh++}-apply` }),
  'renovation.recordAcceptance': async (t, w) => ({ renovationId: await completionRenovation(t, w), requestId: `matrix-${fresh++}-accept`, outcome: 'fail', items: [], defects: [{ description: '矩阵问题' }] }),
  'renovation.refundDeposit': async (t, w) => ({ renovationId: await completionRenovation(t, w), requestId: `matrix-${fresh++}-refund` }),
  // renovation: patrols & violations (a fresh in-progress renovation of the target's unit and its patrol task)
  'renovation.patrols': () => ({}),
  'renovation.patrol': async (t, w) => ({ patrolId: await freshPatrol(t, w) }),
  'renovation.startPatrol': async (t, w) => ({ renovationId: await completionRenovation(t, w) }),
  'renovation.recordPatrol': async (t, w) => ({ patrolId: await freshPatrol(t, w), requestId: `matrix-patrol-${fresh++}`, checks: await patrolChecks(t, w) }),
  'renovation.patrolSection': async (t, w) => ({ renovationId: await completionRenovation(t, w) }),
  'renovation.rectifyPdf': async (t, w) => ({ patrolId: await freshPatrol(t, w, true) }),
  'renovation.suspend': async (t, w) => ({ renovationId: await completionRenovation(t, w), reason: '矩阵停工' }),
  'renovation.resume': async (t, w) => ({ renovationId: await completionRenovation(t, w) }),
  'jobs.renovationPatrols': () => ({}),
  'renovation.board': () => ({}),
  'renovation.contractorHistory': () => ({ company: '矩阵装饰' }),
  // life: surveys (fresh drafts; the published survey of results; answers of the survey's only question)
  'life.surveyTemplates': () => ({}),
  'life.surveyCreate': () => ({ requestId: `matrix-survey-${fresh++}`, ...surveyForm() }),
  'life.surveyUpdate': async (t, w) => ({ surveyId: await draftSurvey(t, w), ...surveyForm() }),
  'life.surveyGet': async (t, w) => ({ surveyId: await resultsSurvey(t, w) }),
  'life.surveyList': () => ({}),
  'life.surveyReach': async (t, w) => ({ surveyId: await draftSurvey(t, w) }),
  'life.surveyPublish': async (t, w) => ({ surveyId: await draftSurvey(t, w), requestId: `matrix-publish-${fresh++}` }),
  'life.surveyClose': async (t, w) => ({ surveyId: await resultsSurvey(t, w) }),
  'life.surveyAnswer': async (t, w) => ({ surveyId: await resultsSurvey(t, w), replies: [{ key: 'q', rating: 4 }] }),
  // life: results & satisfaction (a published survey of the target's community)
  'life.surveyResults': async (t, w) => ({ surveyId: await resultsSurvey(t, w) }),
  'life.surveyExport': async (t, w) => ({ surveyId: await resultsSurvey(t, w) }),
  'life.satisfactionTrend': () => ({}),
  // life: notice boards (fresh boards and postings of the target's community)
  'life.boardList': () => ({}),
  'life.boardGet': async (t, w) => ({ boardId: await freshBoard(t, w) }),
  'life.boardCreate': (t, w) => ({ requestId: `matrix-board-${fresh++}`, name: `矩阵新栏${fresh}`, buildingId: building(t, w), location: '矩阵' }),
  'life.boardUpdate': async (t, w) => ({ boardId: await freshBoard(t, w), name: `矩阵改名${fresh++}`, location: '矩阵' }),
  'life.boardRetire': async (t, w) => ({ boardId: await freshBoard(t, w) }),
  'life.boardRestore': async (t, w) => ({ boardId: await freshBoard(t, w, 'retired') }),
  'life.boardPost': async (t, w) => ({ requestId: `matrix-post-${fresh++}`, boardIds: [await freshBoard(t, w)], kind: 'notice', noticeId: await freshNotice(t, w), postedOn: localDay(new Date()), removeOn: addDays(localDay(new Date()), 3) }),
  'life.boardPostings': async (t, w) => ({ boardId: await freshBoard(t, w) }),
  'life.boardTakeDown': async (t, w) => ({ postingId: await freshPosting(t, w) }),
  'life.boardCheck': () => ({}),
  'life.boardCheckStart': () => ({}),
  'life.lifeHub': () => ({}),
  // life: activities (fresh activities and sign-ups of the target's community)
  'life.activityTemplates': () => ({}),
  'life.activityList': () => ({}),
  'life.activityGet': async (t, w) => ({ activityId: await freshActivity(t, w) }),
  'life.activityCreate': () => ({ requestId: `matrix-activity-${fresh++}`, ...activityPlan() }),
  'life.activityUpdate': async (t, w) => ({ activityId: await freshActivity(t, w, 'draft'), ...activityPlan() }),
  'life.activitySubmit': async (t, w) => ({ activityId: await freshActivity(t, w, 'draft') }),
  'life.activityReview': async (t, w) => ({ activityId: await freshActivity(t, w, 'submitted'), decision: 'return', note: '矩阵退回' }),
  'life.activityPublish': async (t, w) => ({ activityId: await freshActivity(t, w, 'submitted'), requestId: `matrix-apub-${fresh++}`, capacity: 5, placesPerHousehold: 1, signupDeadline: addDays(localDay(new Date()), 7) }),
  'life.activityCancel': async (t, w) => ({ activityId: await freshActivity(t, w, 'draft'), reason: '矩阵取消' }),
  'life.activityFinish': async (t, w) => ({ activityId: await freshActivity(t, w) }),
  'life.activityWrapUp': async (t, w) => ({ activityId: await freshActivity(t, w, 'finished'), spent: [], photoIds: [], summary: '' }),
  'life.activityFeedback': async (t, w) => ({ activityId: await freshActivity(t, w, 'published'), requestId: `matrix-afb-${fresh++}` }),
  'life.activitySignup': async (t, w) => ({ activityId: await freshActivity(t, w), unitId: unit(t, w), places: 1, requestId: `matrix-asu-${fresh++}` }),
  'life.activitySignupCancel': async (t, w) => ({ signupId: await freshSignup(t, w) }),
  'life.activitySignups': async (t, w) => ({ activityId: await freshActivity(t, w) }),
  'life.activityCheckin': async (t, w) => {
    const activityId = await freshActivity(t, w);
    return { activityId, signupId: await freshSignup(t, w, activityId) };
  },
  'jobs.activityReminders': () => ({}),
  'jobs.boardCheck': () => ({}),
  'jobs.surveyClose': () => ({}),
  // archives: documents (fresh documents of the target's community; files the caller uploaded itself)
  'archives.uploadTicket': () => ({ category: 'equipment', fileName: '矩阵.pdf', size: 9 }),
  'archives.registerUpload': () => ({ category: 'equipment', fileName: '矩阵.pdf', fileId: 'cloud://matrix-env.6d61-matrix-env-1312345678/uploads/x/y/矩阵.pdf' }),
  'archives.create': async (_t, _w, c) => ({ requestId: `matrix-doc-${fresh++}`, category: 'equipment', title: '矩阵新档案', tags: ['矩阵'], fileId: await archiveUpload(c) }),
  'archives.addVersion': async (t, w, c) => ({ requestId: `matrix-version-${fresh++}`, docId: await freshArchiveDoc(t, w, 'equipment'), fileId: await archiveUpload(c) }),
  'archives.update': async (t, w) => ({ docId: await freshArchiveDoc(t, w, 'equipment'), title: '矩阵改名', tags: ['矩阵'] }),
  'archives.remove': async (t, w) => ({ docId: await freshArchiveDoc(t, w) }),
  'archives.get': async (t, w) => ({ docId: await freshArchiveDoc(t, w) }),
  'archives.link': async (t, w) => ({ docId: await freshArchiveDoc(t, w) }),
  'archives.list': () => ({ q: '矩阵' }),
  'archives.tags': () => ({}),
  'archives.unitFile': (t, w) => ({ unitId: unit(t, w) }),
  // archives: ledger (fresh items, contracts, paper originals and loans of the target's community)
  'archives.equipmentList': () => ({}),
  'archives.equipmentGet': async (t, w) => ({ equipmentId: await freshEquipment(t, w) }),
  'archives.equipmentCreate': (t, w) => ({ requestId: `matrix-equipment-${fresh++}`, kind: 'pump', name: '矩阵新泵', code: `MX-NEW-${fresh}`, location: '矩阵泵房', buildingId: building(t, w) }),
  'archives.equipmentUpdate': async (t, w) => ({ equipmentId: await freshEquipment(t, w), kind: 'pump', name: '矩阵改名', code: `MX-UPD-${fresh++}`, location: '矩阵泵房' }),
  'archives.equipmentMaintain': async (t, w) => ({ equipmentId: await freshEquipment(t, w), requestId: `matrix-maintain-${fresh++}`, on: localDay(new Date()), by: '矩阵维保' }),
  'archives.equipmentRetire': async (t, w) => ({ equipmentId: await freshEquipment(t, w) }),
  'archives.contractList': () => ({}),
  'archives.contractGet': async (t, w) => ({ contractId: await freshContract(t, w) }),
  'archives.contractCreate': () => ({ requestId: `matrix-contract-${fresh++}`, title: '矩阵新合同', party: '矩阵公司', kind: 'other', startOn: '2026-01-01', endOn: '2026-12-31', amountFen: 100 }),
  'archives.contractUpdate': async (t, w) => ({ contractId: await freshContract(t, w), title: '矩阵改合同', party: '矩阵公司', kind: 'other', startOn: '2026-01-01', endOn: '2099-12-31', amountFen: 200 }),
  'archives.contractEnd': async (t, w) => ({ contractId: await freshContract(t, w) }),
  'archives.loanCreate': async (t, w) => ({ requestId: `matrix-loan-${fresh++}`, docId: String(await freshPaperDoc(t, w)), borrowerName: '矩阵业委会', purpose: '矩阵查阅', dueOn: addDays(localDay(new Date()), 3) }),
  'archives.loanReturn': async (t, w) => ({ loanId: await freshLoan(t, w) }),
  'archives.loanList': () => ({}),
  'archives.loanBorrowers': () => ({}),
  'archives.dueSoon': () => ({}),
  'jobs.archiveReminders': () => ({}),
  // growth: courses (built-in lessons are everyone's; a community's own lessons and its staff are the target's)
  'growth.courses': () => ({}),
  'growth.lesson': async (t, w) => ({ lessonId: t.community === 'same' ? lessonIdOf('case-leak') : await freshLesson(t, w) }),
  'growth.quizSubmit': async (t, w) => ({ lessonId: await freshLesson(t, w), requestId: `matrix-quiz-${fresh++}`, answers: [[0]] }),
  'growth.lessonList': () => ({}),
  'growth.lessonSource': async (t, w) => ({ lessonId: await freshLesson(t, w) }),
  'growth.lessonCreate': () => ({ requestId: `matrix-lesson-${fresh++}`, ...matrixLessonInput }),
  'growth.lessonUpdate': async (t, w) => ({ lessonId: await freshLesson(t, w), ...matrixLessonInput }),
  'growth.lessonRetire': async (t, w) => ({ lessonId: await freshLesson(t, w) }),
  'growth.settings': () => ({}),
  'growth.saveSettings': () => ({ required: [lessonIdOf('case-leak')], quizCounts: 'best' }),
  'growth.team': () => ({}),
  'growth.person': (t, w) => ({ userId: t.community === 'same' ? w.staffA : w.staffB }),
  'growth.lessonStatsList': () => ({}),
  'growth.lessonStats': async (t, w) => ({ lessonId: await freshLesson(t, w) }),
  // growth: practice & figures (built-in scenarios: no records to point at; attempts are the caller's own)
  'growth.drillList': () => ({}),
  'growth.drillGet': () => ({ scenarioId: 'leak-angry' }),
  'growth.drillSubmit': () => ({ scenarioId: 'leak-angry', reply: '王先生您好，非常抱歉，您家漏水我马上安排师傅30分钟内上门，处理完给您回电话，谢谢。', requestId: `matrix-drill-${fresh++}` }),
  'growth.drillHistory': () => ({}),
  'growth.myFigures': () => ({ months: 2 }),
  'growth.teamFigures': () => ({}),
};

type Outcome = 'allow' | 'forbidden' | 'not-found' | 'unauthenticated';

/**
 * Writes a caller of community A may make in community B, by design: action → the caller roles and
 * the models, and why.
 */
const WRITES_TO_OTHER_ALLOWED: Record<string, { roles: (CallerKind | null)[]; models: string[]; why: string }> = {
  'binding.request': {
    roles: [GUEST],
    models: ['BindingRequest'],
    why: 'a guest belongs to no community yet and may ask for a unit of any: the request is filed in that community for its staff to review',
  },
};

/**
 * Community B's data as prints, per model: B's document count and a hash of B's documents, over
 * every model with a `communityId` path, plus B's own Community document. Reading all 35 collections
 * before and after each of the ~1,100 watched cells would add many minutes (on FerretDB every such
 * read scans the whole collection), so prints are kept, and a model is read again only when a command this process sent
 * to the test database may have changed B's documents in it. Every command is seen (command
 * monitoring of the one client): an insert changes B only if it carries a document of B; an update,
 * delete or findAndModify only if one of its statements is an upsert, sets a `communityId`, selects
 * by something else than `_id`, or names the `_id` of a document of B; a command not known to be a
 * read makes every model be read again.
 */
function watchCommunity(communityId: Types.ObjectId, dbName: string) {
  const id = String(communityId);
  const models = [...Object.values(User.db.models).filter((m) => m.schema.path('communityId')), Community];
  const modelOf = new Map(models.map((m) => [m.collection.collectionName, m]));
  const READS = new Set(['find', 'getMore', 'count', 'distinct', 'listIndexes', 'listCollections', 'createIndexes', 'killCursors', 'endSessions', 'ping', 'hello', 'isMaster', 'ismaster', 'buildInfo', 'dbStats', 'collStats']);
  const prints = new Map<string, string>();
  /** The `_id`s of B's documents per model, as of the last print. */
  const idsOfB = new Map<string, Set<string>>();
  let stale = new Set(models);
  type Statement = { q?: Record<string, unknown>; u?: unknown; upsert?: boolean };
  /** Selects only by `_id` (a value or `$in`), none of them a document of B, and moves nothing into a community. */
  const leavesB = (st: Statement, ofB: Set<string>) => {
    const sel = st.q?._id;
    if (st.upsert || sel === undefined || sel === null || Object.keys(st.q ?? {}).some((k) => k.startsWith('$'))) return false;
    if (JSON.stringify(st.u ?? null).includes('communityId')) return false;
    const plain = typeof sel !== 'object' || sel instanceof Types.ObjectId;
    const ids = plain ? [sel] : Object.keys(sel).length === 1 ? (sel as { $in?: unknown }).$in : undefined;
    return Array.isArray(ids) && ids.every((x) => !ofB.has(String(x)));
  };
  /** Marks the collection's model, unless every statement provably leaves B's documents alone. */
  const mark = (collection: unknown, statements?: Statement[]) => {
    const m = modelOf.get(String(collection));
    if (!m || stale.has(m)) return;
    const ofB = idsOfB.get(m.modelName) ?? new Set<string>();
    if (statements?.length && statements.every((st) => leavesB(st, ofB))) return;
    stale.add(m);
  };
  const belongsToB = (doc: { communityId?: unknown; _id?: unknown }, collection: string) => String(doc.communityId) === id || (collection === Community.collection.collectionName && String(doc._id) === id);
  User.db.getClient().on('commandStarted', (e: CommandStartedEvent) => {
    if (e.databaseName !== dbName || READS.has(e.commandName)) return;
    const collection = String(e.command[e.commandName]);
    if (e.commandName === 'insert') {
      if (((e.command.documents ?? []) as { communityId?: unknown }[]).some((d) => belongsToB(d, collection))) mark(collection);
    } else if (e.commandName === 'update') mark(collection, e.command.updates as Statement[]);
    else if (e.commandName === 'delete') mark(collection, e.command.deletes as Statement[]);
    else if (e.commandName === 'findAndModify') mark(collection, [{ q: e.command.query as Record<string, unknown>, u: e.command.update, upsert: Boolean(e.command.upsert) }]);
    else if (e.commandName === 'aggregate' && !/"\$(out|merge)"/.test(JSON.stringify(e.command.pipeline ?? []))) return;
    else stale = new Set(models);
  });
  const hash = (docs: { _id: unknown }[]) =>
    `${docs.length}:${createHash('sha1')
      .update(JSON.stringify(docs.map((d) => [String(d._id), d]).sort(([x], [y]) => ((x as string) < (y as string) ? -1 : 1))))
      .digest('hex')}`;
  return {
    /** model name → B's count and hash now. */
    async print(): Promise<Map<string, string>> {
      const read = [...stale];
      stale = new Set();
      await Promise.all(
        read.map(async (m) => {
          const docs = await m.collection.find(m === Community ? { _id: communityId } : { communityId }).toArray();
          idsOfB.set(m.modelName, new Set(docs.map((d) => String(d._id))));
          prints.set(m.modelName, hash(docs));
        }),
      );
      return new Map(prints);
    },
  };
}
let watcher: ReturnType<typeof watchCommunity>;
const fingerprint = () => watcher.print();

/** What the policy says should happen. */
function expected(access: Access, role: CallerKind | null, t: Target, input: Record<string, unknown>): Outcome {
  if (access === 'public') return 'allow';
  if (role === null) return 'unauthenticated';
  if (!access.roles.includes(role)) return 'forbidden';
  for (const [field, kind] of Object.entries(access.refs ?? {})) {
    if (input[field] === undefined) continue;
    if (t.community === 'other') return 'not-found';
    if (kind === 'ownUnit' && (t.unit === 'other' || role !== 'owner')) return 'not-found';
    // Owners reach only the repair orders, notices and complaints of their own units.
    if ((kind === 'repair' || kind === 'notice' || kind === 'complaint') && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only the renovations (and their patrol tasks) of their own units.
    if ((kind === 'renovation' || kind === 'renovationPatrol') && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only the move-in cases of their own units.
    if (kind === 'moveIn' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only the papers they uploaded themselves (the sample's paper of the other unit is the neighbour's).
    if (kind === 'moveInPaper' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only their own inquiries (for them, or that they asked).
    if (kind === 'inquiry' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only the release passes of their own units (or that they asked for).
    if (kind === 'releasePass' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only their own units' accounts (receipts); cashiers, agents and managers any of the community.
    if (kind === 'accountUnit' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Owners reach only the activity sign-ups of their own units.
    if (kind === 'activitySignup' && role === 'owner' && t.unit === 'other') return 'not-found';
    // Contracts: managers only — for any other staff role a contract answers 404 like a missing one.
    if (kind === 'archiveContract' && role !== 'manager') return 'not-found';
  }
  return 'allow';
}

/**
 * A refusal by a business rule after the policy let the call through (409: already bound, already
 * decided, duplicate name; a repair's own rules) counts as allowed: authorization is what this test is about.
 */
function outcomeOf(res: { ok: boolean; error?: { code: ErrorCode } }): Outcome | string {
  if (res.ok) return 'allow';
  const code = res.error?.code ?? 'INTERNAL';
  if (code === 'AUTH.FORBIDDEN') return 'forbidden';
  if (code === 'AUTH.UNAUTHENTICATED') return 'unauthenticated';
  // Any 404 (X.NOT_FOUND, MOVEIN.PAPER_NOT_FOUND…): the record is out of reach.
  if (code.endsWith('.NOT_FOUND') || statusOf(code) === 404) return 'not-found';
  if (statusOf(code) === 409) return 'allow';
  // Business rules past the policy: not this order's technician, no skill, urged too recently.
  if (['REPAIR.NOT_ASSIGNEE', 'REPAIR.NO_SKILL', 'REPAIR.URGE_TOO_SOON'].includes(code)) return 'allow';
  // WeChat Pay is not configured in the matrix's stack: payPrepare got past the policy.
  if (code === 'PAY.NOT_CONFIGURED') return 'allow';
  return code;
}

let stack: Stack;
let world: World;

async function previewAs(userId: unknown): Promise<string> {
  const token = await loginAs(stack, userId);
  const res = await stack.invoke('imports', 'preview', { kind: 'units', fileName: '矩阵.csv', contentBase64: CSV }, token);
  if (!res.ok) throw new Error(res.error.code);
  return res.data.importId;
}

beforeAll(async () => {
  // Every command this process sends is reported (the write check below listens): a client option, set before the stack connects.
  const server = process.env.TEST_DB_SERVER_URI ?? '';
  const monitored = new URL(server);
  monitored.searchParams.set('monitorCommands', 'true');
  process.env.TEST_DB_SERVER_URI = monitored.toString();
  // Each cell logs its caller in afresh: hundreds of logins of one WeChat user within the hour,
  // far past the login limit (tested in session-hardening.test.ts).
  process.env.LOGIN_LIMIT_PER_HOUR = '1000000';
  stack = await startStack();
  process.env.TEST_DB_SERVER_URI = server;
  const a = await makeCommunity({ name: '矩阵甲小区' });
  const b = await makeCommunity({ name: '矩阵乙小区' });
  const bA = await makeBuilding(a._id, '1栋');
  const bB = await makeBuilding(b._id, '1栋');
  const own = await makeUnit(a._id, bA._id, { room: '101' });
  const spare = await makeUnit(a._id, bA._id, { room: '103' });
  const otherA = await makeUnit(a._id, bA._id, { room: '102' });
  const uB = await makeUnit(b._id, bB._id, { room: '101' });
  const owner = await makeOwner(a._id, [own._id, spare._id], '矩阵业主', '13800000101');
  const otherOwner = await makeOwner(a._id, [otherA._id], '隔壁业主', '13800000102');
  await makeResident(a._id, otherA._id, { name: '隔壁家属', relation: 'family', phone: '13800000103' });
  const ownerB = await makeOwner(b._id, [uB._id], '乙区业主', '13800000104');
  await makeResident(b._id, uB._id, { name: '乙区租户', relation: 'tenant', phone: '13800000105' });
  const staffB = await makeUser(b._id, { roles: ['agent', 'technician', 'cashier', 'manager'], name: '乙区员工' });
  const staffA = await makeUser(a._id, { roles: ['technician'], name: '甲区师傅' });
  const callers = {} as World['callers'];
  for (const role of ROLES) {
    const user = role === 'owner' ? owner : await makeUser(a._id, { roles: [role], name: `矩阵${role}`, skills: role === 'technician' ? ['水电'] : [] });
    callers[role] = { openid: await linkWechat(user._id), userId: String(user._id) };
  }
  const managerA = await makeUser(a._id, { roles: ['manager'], name: '矩阵导入员' });
  world = {
    a: a._id,
    b: b._id,
    buildingA: String(bA._id),
    buildingB: String(bB._id),
    ownUnit: String(own._id),
    spareOwnUnit: String(spare._id),
    otherUnitA: String(otherA._id),
    unitB: String(uB._id),
    staffA: String(staffA._id),
    staffB: String(staffB._id),
    importA: await previewAs(managerA._id),
    importB: await previewAs(staffB._id),
    // Full phone numbers never appear in any answer to these callers (lists are masked).
    foreign: [b._id, bB._id, uB._id, ownerB._id, staffB._id].map(String).concat(['矩阵乙小区', '乙区业主', '乙区租户', '乙区员工', uB.label, '13800000104']),
    fullPhonesA: ['13800000101', '13800000103'],
    unitValues: Object.fromEntries([own, spare, otherA, uB].map((u) => [String(u._id), [String(u._id), u.label]])),
    publicToGuests: [String(b._id), '矩阵乙小区'],
    otherOwners: [String(otherA._id), String(otherOwner._id), '隔壁业主', '隔壁家属', otherA.label],
    callers,
    otherOwnerId: String(otherOwner._id),
  };
  await workForEveryJob(b._id, uB._id, bB._id, ownerB._id, staffB._id);
  watcher = watchCommunity(b._id, stack.dbName);
});
afterAll(() => stack.stop());

/** Work waiting in community B for every job, which a job run by a manager of A must leave alone. */
async function workForEveryJob(b: Types.ObjectId, unitB: Types.ObjectId, buildingB: Types.ObjectId, ownerB: Types.ObjectId, staffB: Types.ObjectId): Promise<void> {
  const past = (days: number) => new Date(Date.now() - days * 86_400_000);
  // jobs.billFees: an active monthly fee item (this month's bills are not made yet).
  await FeeItem.create({ communityId: b, name: '乙区物业费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 28, vacancyPercent: 100, active: true });
  // jobs.remindFees: a bill 20 days overdue, of a unit whose owner can be told (larger than what the refund cells pay in).
  await Bill.create({ _id: `matrix-b:${String(unitB)}`, communityId: b, unitId: unitB, buildingId: buildingB, itemId: new Types.ObjectId(), itemName: '乙区物业费', kind: 'property', period: '2000-01', amountFen: 10_000_000, dueDate: past(20), detail: '矩阵', createdAt: past(50) });
  // jobs.parkingReminders: a lease of B's owner ending in 7 days (its 7-day stage is due).
  await ParkingSpace.create({ communityId: b, code: 'MX-B-LEASE', kind: 'rented', unitId: unitB, leaseEndsOn: addDays(localDay(new Date()), 7), leaseId: new Types.ObjectId(), status: 'assigned' });
  // jobs.deliverOutbox: an urgent message queued for B's owner (no subscription: it would fall back).
  await linkWechat(ownerB);
  await enqueue({ communityId: b, eventKey: 'matrix-b:queued', recipientUserId: ownerB, templateKey: 'binding.result', values: { unit: '乙区', applicant: '乙区业主', result: '已通过', reason: '矩阵', time: new Date() }, urgent: true });
  // jobs.repairSla: an order dispatched two days ago, never accepted (the accept deadline is long past).
  await Repair.create({ communityId: b, orderNo: 'MX-B-SLA', requestKey: 'matrix-b:sla', channel: 'miniprogram', area: 'home', unitId: unitB, location: '乙区', category: '水电', description: '乙区报修', urgency: 'normal', reporterId: ownerB, reporterName: '乙区业主', contactName: '乙区业主', contactPhone: '13800000104', status: 'dispatched', mode: 'manual', assigneeId: staffB, assigneeName: '乙区员工', roundFrom: past(2), dispatchedAt: past(2), deadlines: { accept: past(1.9), arrive: past(1), complete: past(0.5) } });
  // jobs.complaintSla: a complaint whose first-response deadline passed yesterday.
  await Complaint.create({ communityId: b, caseNo: 'MX-B-SLA', requestKey: 'matrix-b:sla', channel: 'miniprogram', category: 'cleaning', description: '乙区投诉内容', unitId: unitB, location: '乙区', ownerId: ownerB, reporterId: ownerB, reporterName: '乙区业主', contactName: '乙区业主', contactPhone: '13800000104', status: 'received', roundFrom: past(3), deadlines: { respond: past(1), reply: new Date(Date.now() + 86_400_000) } });
  // jobs.inquirySla: an inquiry whose acknowledgement promise passed yesterday.
  await Inquiry.create({ communityId: b, inquiryNo: 'MX-B-SLA', requestKey: 'matrix-b:sla', channel: 'miniprogram', topic: 'fees', text: '乙区咨询内容', unitId: unitB, location: '乙区', ownerId: ownerB, reporterId: ownerB, reporterName: '乙区业主', callerName: '乙区业主', callerPhone: '13800000104', status: 'received', promise: { ackMinutes: 30, answerHours: 24 }, deadlines: { ack: past(1), answer: past(0.5) }, createdAt: past(2) });
  // jobs.sentimentCleanup: a group message past its retention.
  await SentimentMessage.create({ _id: `${String(b)}:matrix-g:expired`, communityId: b, groupId: 'matrix-g', messageId: 'expired', senderId: 'mx-b', nickname: '乙区群友', text: '旧消息', sentAt: past(200), negative: false, score: 0, level: 'none', topics: [], source: 'api', expiresAt: past(10) });
  // jobs.closePayOrders: a WeChat Pay order of B that expired unpaid (never reached WeChat Pay: closed without asking).
  await PayOrder.create({ communityId: b, _id: new Types.ObjectId(), unitId: unitB, userId: ownerB, userName: '乙区业主', openid: 'o_matrix_b_pay', billIds: [], amountFen: 100, status: 'pending', expiresAt: past(1), createdAt: past(1.1) });
  // jobs.moveInReminders: a booking of B's owner tomorrow (a waiting case of a published batch).
  {
    const tomorrow = addDays(localDay(new Date()), 1);
    const batch = await moveinProgressBatches.MoveInBatch.create({ communityId: b, requestKey: 'matrix-b:movein', name: '乙区批次', buildingIds: [buildingB], startDay: localDay(new Date()), endDay: tomorrow, slots: [{ id: 's1', start: '09:00', end: '12:00', capacity: 5 }], place: '乙区大堂', status: 'published' });
    const c = await moveinProgressModels.MoveIn.create({ communityId: b, unitId: unitB, buildingId: buildingB, unitLabel: '乙区房屋', kind: 'batch', batchId: batch._id, openKey: `${String(unitB)}:matrix-b`, requestKey: 'matrix-b:movein', buyer: { name: '乙区业主' }, ownerUserId: ownerB, status: 'waiting', rev: 0, booking: { day: tomorrow, slotId: 's1', slotLabel: '09:00–12:00' } });
    await moveinProgressBatches.Booking.create({ _id: `${String(batch._id)}:${tomorrow}:s1:1`, communityId: b, batchId: batch._id, moveInId: c._id, unitId: unitB, buildingId: buildingB, day: tomorrow, slotId: 's1', seat: 1, byId: ownerB, byName: '乙区业主' });
  }
  // jobs.renovationPatrols: a renovation of B's unit in progress, never patrolled (today's routine task is due).
  await renovationModels.Renovation.create({ communityId: b, unitId: unitB, buildingId: buildingB, unitLabel: '乙区房屋', no: 'ZX-matrix-b', openKey: `${String(unitB)}:matrix-b`, requestKey: 'matrix-b:renovation', ownerName: '乙区业主', status: 'in_progress', works: ['floor'], plannedStart: '2026-01-01', plannedEnd: '2099-12-31', rev: 0 });
  // jobs.boardCheck: a board of B with a posting past its removal date (this week's check is due).
  {
    const board = await LifeBoard.create({ communityId: b, requestKey: 'matrix-b:board', name: '乙区宣传栏', location: '乙区', status: 'active', rev: 0 });
    await LifeBoardPosting.create({ communityId: b, boardId: board._id, boardName: '乙区宣传栏', kind: 'tip', title: '乙区过期张贴', postedOn: addDays(localDay(new Date()), -10), removeOn: addDays(localDay(new Date()), -2), byName: '乙区员工', status: 'posted', rev: 0 });
  }
  // jobs.activityReminders: a published activity of B tomorrow with a confirmed household (its reminder is due).
  {
    const a = await LifeActivity.create({ communityId: b, requestKey: 'matrix-b:activity', title: '乙区活动', day: addDays(localDay(new Date()), 1), startTime: '09:00', endTime: '11:00', place: '乙区广场', status: 'published', rev: 0, createdByName: '乙区员工' });
    await LifeActivitySignup.create({ communityId: b, activityId: a._id, unitId: unitB, unitLabel: '乙区房屋', userId: ownerB, name: '乙区业主', places: 1, status: 'confirmed', seq: '0001', code: 'MATRIXB1', codeKey: `${String(a._id)}:MATRIXB1`, rev: 0 });
  }
  // jobs.surveyClose: a published survey of B whose close day has passed.
  await LifeSurvey.create({ communityId: b, requestKey: 'matrix-b:survey', kind: 'general', title: '乙区问卷', questions: [{ key: 'q', kind: 'rating', title: '乙区评分', options: [], required: true }], audience: { kind: 'community', buildingIds: [] }, per: 'owner', repeat: 'replace', anonymous: false, opensOn: addDays(localDay(new Date()), -10), closesOn: addDays(localDay(new Date()), -2), status: 'published', rev: 0, createdByName: '乙区主管' });
  // jobs.archiveReminders: an item of B's ledger due in 7 days, and a paper original lent to B's staff member, 10 days overdue.
  {
    await LedgerEquipment.create({ communityId: b, requestKey: 'matrix-b:equipment', kind: 'elevator', name: '乙区电梯', code: 'MX-B-DT', location: '乙区', nextDueOn: addDays(localDay(new Date()), 7), status: 'active', rev: 0, byName: '乙区员工' });
    const doc = await LedgerArchiveDoc.create({ communityId: b, requestKey: 'matrix-b:archive-doc', category: 'property', title: '乙区竣工图', searchText: '乙区竣工图', paper: { location: '乙区档案柜' }, byId: staffB, byName: '乙区员工' });
    await LedgerLoan.create({ communityId: b, requestKey: 'matrix-b:loan', docId: doc._id, docTitle: '乙区竣工图', docCategory: 'property', borrowerId: staffB, borrowerName: '乙区员工', purpose: '乙区', lentOn: addDays(localDay(new Date()), -20), dueOn: addDays(localDay(new Date()), -10), status: 'open', rev: 0, byName: '乙区员工' });
  }
  // jobs.housekeeping: a session of B's staff that expired long ago.
  await Session.create({ _id: `matrix-b-expired-${String(staffB)}`, userId: staffB, chainId: `matrix-b-expired-${String(staffB)}`, communityId: b, expiresAt: past(30) });
}

/** Actions answering with a unit's full record (UnitDetail): phones in full to the staff who call owners, by design. */
const UNIT_RECORD_ACTIONS = new Set(['community.unit', 'community.saveUnit', 'community.saveResident', 'community.removeResident', 'community.saveVehicle', 'community.removeVehicle']);

const TARGETS: Target[] = [
  { community: 'same', unit: 'own' },
  { community: 'same', unit: 'other' },
  { community: 'other', unit: 'own' },
  { community: 'other', unit: 'other' },
];

test('When the policy table is read, then every action has a sample input for the matrix', () => {
  const declared = Object.entries(contracts).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));
  expect(declared.filter((k) => !SAMPLES[k])).toEqual([]);
  expect(Object.keys(SAMPLES).filter((k) => !declared.includes(k))).toEqual([]);
});

test('When community B’s data changes, then its print changes (the write check is not blind)', async () => {
  const start = await fingerprint();
  const v = await Vehicle.create({ communityId: world.b, unitId: world.unitB, plate: plate() });
  const added = await fingerprint();
  await Vehicle.collection.updateOne({ _id: v._id }, { $set: { plate: plate() } });
  const changed = await fingerprint();
  await Vehicle.collection.deleteOne({ _id: v._id });
  const removed = await fingerprint();
  const moved = await Vehicle.create({ communityId: world.a, unitId: world.ownUnit, plate: plate() });
  await Vehicle.collection.updateOne({ _id: moved._id }, { $set: { communityId: world.b } });
  const movedIn = await fingerprint();
  await Vehicle.collection.deleteOne({ _id: moved._id });
  expect(new Set([start, added, changed, movedIn].map((p) => p.get('Vehicle'))).size).toBe(4);
  expect(removed.get('Vehicle')).toBe(start.get('Vehicle'));
  expect(await fingerprint()).toEqual(start);
});

/** Shared by the per-function tests below (they run in order): what was checked across the whole matrix. */
const matrix = { cells: 0, watched: 0, asked: new Map<string, Set<string>>() };

/**
 * One test per cloud function (each with its own time budget): every role calls every action of it on
 * every target; allow/deny follows the policy and nothing leaks or changes in the other community.
 */
describe.each(Object.entries(contracts))('%s', (fn, actions) => {
  test(`When every role calls every action of ${fn} on every target, then allow/deny follows the policy and nothing leaks or changes in the other community`, async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    const writes: string[] = [];
    // A unit a caller asked to be bound to shows in their own binding requests: that is their data.
    const asked = matrix.asked;
    for (const [actionName, spec] of Object.entries(actions)) {
      for (const role of [...CALLER_ROLES, null]) {
        for (const t of TARGETS) {
          const cells = matrix.cells;
          // A guest is a new WeChat user: a fresh one per cell (binding may change who they are).
          const openid = role === null ? `o_anonymous_${cells}` : role === GUEST ? `o_guest_${cells}` : world.callers[role].openid;
          const code = () => stack.wechat.mintCode(openid);
          const input = (await SAMPLES[`${fn}.${actionName}`](t, world, { code })) as Record<string, unknown>;
          // A fresh session per cell: refresh and logout end the session they are called with.
          const token = role ? await stack.login(code()) : undefined;
          const access = spec.access as Access;
          const key = `${fn}.${actionName}`;
          // B's data before the call (after the sample's fresh records), for callers the policy lets in.
          const watch = access === 'public' || (role !== null && access.roles.includes(role));
          const before = watch ? await fingerprint() : null;
          const res = (await functions[fn as keyof typeof functions](
            { action: actionName, data: input },
            { transport: 'gateway', requestId: `matrix-${cells}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          )) as { ok: boolean; error?: { code: ErrorCode } };
          matrix.cells++;
          const want = expected(access, role, t, input);
          const got = outcomeOf(res);
          const cell = `${fn}.${actionName} as ${role ?? 'anonymous'} on ${t.community} community / ${t.unit} unit`;
          if (got !== want) mismatches.push(`${cell}: expected ${want}, got ${got}`);
          if (before) {
            matrix.watched++;
            const after = await fingerprint();
            const allowed = WRITES_TO_OTHER_ALLOWED[key];
            for (const [model, print] of after) {
              if (before.get(model) === print) continue;
              if (allowed?.roles.includes(role) && allowed.models.includes(model)) continue;
              writes.push(`${cell}: changed ${model} of the other community`);
            }
          }
          if (key === 'binding.request' && role) asked.set(openid, new Set([...(asked.get(openid) ?? []), ...(world.unitValues[String(input.unitId)] ?? [])]));
          if (res.ok) {
            const text = JSON.stringify(res);
            const own = asked.get(openid) ?? new Set<string>();
            const shown = (v: string) => text.includes(v) && !own.has(v);
            for (const v of world.foreign) if (shown(v) && !(role === GUEST && world.publicToGuests.includes(v))) leaks.push(`${cell}: shows ${v}`);
            if (!UNIT_RECORD_ACTIONS.has(key)) for (const v of world.fullPhonesA) if (shown(v)) leaks.push(`${cell}: shows ${v} unmasked`);
            if (role === 'owner') for (const v of world.otherOwners) if (shown(v)) leaks.push(`${cell}: shows ${v}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
    expect(writes).toEqual([]);
    // The budget grows with the function's actions (every action runs roles × targets cells). Generous:
    // under `npm test` the matrix shares two cores with the other tiers, and a function that runs out of
    // time keeps calling in the background, where the next function's cells see its writes as leaks.
  }, Math.max(300_000, Object.keys(actions).length * 12_000));
});

test('When the matrix has run, then it covered every cell and watched the other community in every cell a caller was let in', () => {
  // Every cell with a caller the policy lets in was watched (hundreds: the check cannot pass vacuously).
  expect(matrix.watched).toBeGreaterThan(500);
  expect(matrix.cells).toBe(Object.values(contracts as Record<string, object>).reduce((n, a) => n + Object.keys(a).length, 0) * (CALLER_ROLES.length + 1) * TARGETS.length);
});

test('When the timers run the jobs (every community), then each of them does change community B: the work the matrix left alone was real', async () => {
  // The WeChat Pay jobs (refunds, reconciliation) have work only with a merchant to ask: the fake WeChat Pay.
  const payFixture = await startPayFixture(stack);
  try {
    await payWorkForB(payFixture.pay);
    const unchanged: string[] = [];
    for (const job of Object.keys(contracts.jobs)) {
      const before = await fingerprint();
      // A CloudBase timer trigger: no user, no gateway. A report with `more` (the invocation's budget ran
      // out — on a loaded machine, with every community the matrix made) is triggered again, as the timer
      // and the gateway's scheduler do.
      let res: { ok: boolean; data?: unknown } = { ok: false };
      for (let turn = 0; turn < 10; turn++) {
        res = (await functions.jobs({ Type: 'Timer', TriggerName: job }, {})) as typeof res;
        expect(res).toMatchObject({ ok: true });
        if (!(res.data as { more?: boolean } | undefined)?.more) break;
      }
      const after = await fingerprint();
      // The last report names why nothing changed (nothing found, budget, …) when this fails.
      if ([...after].every(([model, print]) => before.get(model) === print)) unchanged.push(`${job} ${JSON.stringify(res.data)}`);
    }
    expect(unchanged).toEqual([]);
  } finally {
    await payFixture.stop();
  }
}, 240_000); // every job once, on a machine the other tiers share (60 s ran out under CI once archiveReminders joined)

/** Community B's work for the WeChat Pay jobs, at the fake WeChat Pay (configured for the timers' test only). */
async function payWorkForB(pay: FakeWechatPayServer): Promise<void> {
  const b = world.b;
  const unitB = new Types.ObjectId(world.unitB);
  const ago = (ms: number) => new Date(Date.now() - ms);
  // jobs.settlePayRefunds: a refund of B asked two minutes ago that WeChat Pay never received; asked again, it is refused (no such order there) and goes on B's list.
  const refundedOrder = new Types.ObjectId();
  const paymentId = new Types.ObjectId();
  await PayOrder.create({ _id: refundedOrder, communityId: b, unitId: unitB, userId: new Types.ObjectId(), userName: '乙区业主', openid: 'o_matrix_b_refund', billIds: [], amountFen: 100, status: 'paid', paymentId, expiresAt: ago(86_400_000), createdAt: ago(86_400_000) });
  await PayRefund.create({ _id: `${String(paymentId)}:1`, communityId: b, unitId: unitB, paymentId, orderId: refundedOrder, outRefundNo: `${String(paymentId)}_1`, amountFen: 100, reason: '矩阵退款', source: 'cashier', byId: new Types.ObjectId(), byName: '乙区收费员', status: 'pending', createdAt: ago(120_000) });
  // jobs.reconcilePayments: yesterday's bill holds a payment of B's order (its notification lost) that B's ledger does not have.
  const paidOrder = new Types.ObjectId();
  await PayOrder.create({ _id: paidOrder, communityId: b, unitId: unitB, userId: new Types.ObjectId(), userName: '乙区业主', openid: 'o_matrix_b_pay', billIds: [], amountFen: 100, status: 'pending', expiresAt: new Date(Date.now() + 3_600_000), createdAt: ago(86_400_000) });
  setClock(() => ago(86_400_000));
  try {
    await createWechatPayClient(getConfig().wechatPay!).jsapiPrepay({ description: '乙区预缴', outTradeNo: String(paidOrder), amountFen: 100, payerOpenid: 'o_matrix_b_pay' });
    pay.setNotifyKnobs({ drop: true });
    await pay.pay(String(paidOrder));
  } finally {
    setClock();
    pay.setNotifyKnobs({});
  }
}
