import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { contracts, type Access, type RefKind } from '@shared/contracts';
import { localDay } from '@shared/domain/calendar';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { DEFAULT_REPAIR_CATEGORIES } from '@shared/domain/repairs';
import { GUEST, type CallerRole } from '@shared/domain/roles';
import { ERRORS, statusOf, type ErrorCode } from '@shared/errors';
import { messageTemplates } from '../../cloud/lib/wechat/templates';
import { BindingRequest } from '../../cloud/modules/community/binding.model';
import { Vehicle } from '../../cloud/modules/community/household.model';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Bill, Payment } from '../../cloud/modules/fees/fee.model';
import { InvoiceRequest } from '../../cloud/modules/fees/invoice.model';
import { FollowUp } from '../../cloud/modules/followups/followup.model';
import { CallTask } from '../../cloud/modules/messaging/messaging.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { SentimentIncident, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { Article, Script } from '../../cloud/modules/knowledge/knowledge.model';
import { Contact } from '../../cloud/modules/desk/contact.model';
import { ReleasePass } from '../../cloud/modules/desk/release-pass.model';
import { RenovationPass } from '../../cloud/modules/renovation/pass.model';
import { Renovation as WorkerPassRenovation } from '../../cloud/modules/renovation/renovation.model';
import { RenovationPatrol } from '../../cloud/modules/renovation/patrol.model';
import { Board as LifeBoard, BoardPosting as LifeBoardPosting } from '../../cloud/modules/life/board.model';
import { Survey as LifeSurvey } from '../../cloud/modules/life/survey.model';
import { Activity as LifeActivity, ActivitySignup as LifeActivitySignup } from '../../cloud/modules/life/activity.model';
import { Inquiry } from '../../cloud/modules/desk/inquiry.model';
import { ArchiveDoc } from '../../cloud/modules/archives/archive-doc.model';
import { ArchiveContract } from '../../cloud/modules/archives/contract.model';
import { Equipment } from '../../cloud/modules/archives/equipment.model';
import { ArchiveLoan } from '../../cloud/modules/archives/loan.model';
import { CustomLesson } from '../../cloud/modules/growth/lesson.model';
import { lessonIdOf } from '../../cloud/modules/growth/lessons';
import { Booking as MoveInBooking, MoveInBatch } from '../../cloud/modules/movein/batch.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { DEFAULT_REQUIRED_STEPS, stepsFor } from '@shared/domain/movein';
import { MoveInPaper } from '../../cloud/modules/movein/paper.model';
import { linkWechat, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { type Arb, isoTime, jsonText, marker, mutate, mutation, oddValue, randomInput, text, validOf, type WalkContext } from '../helpers/fuzz';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Property-based fuzzing of every action's input and of the HTTP layer, against the real gateway
 * on 127.0.0.1 with a seeded world. Whatever is sent, the answer is a 2xx or a coded 4xx (a known
 * ErrorCode whose status the answer carries), never a 500 and never a hang, and /healthz still
 * answers 200 afterwards. Inputs are near-valid (derived from each action's zod schema, with real
 * record ids, and then one field mutated) as well as random, sent as each kind of caller.
 *
 * Bounded and reproducible: FUZZ_SEED (default fixed) and FUZZ_RUNS (cases of the action property;
 * the HTTP property gets a quarter as many). On failure fast-check prints the seed, the path and the
 * counterexample (with the request as sent and the answer): rerun with
 * `FUZZ_SEED=<seed> npx jest tests/integration/fuzz.test.ts`. FUZZ_SHRINK=1 shrinks a counterexample
 * (slow: every step replays requests); FUZZ_TRACE=1 lists the actions that never answered 200.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_215);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const HTTP_RUNS = Math.max(1, Math.round(RUNS / 4));
const REQUEST_TIMEOUT_MS = 15_000;

type Caller = CallerRole | 'anonymous';
const CALLERS: readonly Caller[] = ['owner', 'agent', 'manager', 'technician', 'cashier', GUEST, 'anonymous'];
/** Actions that end or replace the session they are called with: the caller logs in again afterwards. */
const SESSION_ENDING = new Set(['auth.logout', 'auth.refresh', 'auth.switchCommunity']);
/** A 5xx that is about this machine, not the input (a coded, documented answer). */
const ENVIRONMENT_5XX = new Set<ErrorCode>(['PDF.FONT_MISSING']);

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const CSV_UNITS = Buffer.from('楼栋,单元,房号,楼层,建筑面积,状态\n模糊楼,1,0101,1,90,自住\n模糊楼,1,0102,1,90,constructor\n', 'utf8').toString('base64');
const CSV_RESIDENTS = Buffer.from('楼栋,单元,房号,姓名,关系,手机号\n模糊楼,1,0101,张三,业主,13800000001\n', 'utf8').toString('base64');
const CHAT = '2026-11-27 09:01 张三: 电梯又坏了，物业到底管不管\n2026-11-27 09:02 李四: 是啊太差了\n';

interface Action {
  key: string;
  fn: string;
  action: string;
  input: z.ZodTypeAny;
  access: Access;
}
const ACTIONS: Action[] = Object.entries(contracts).flatMap(([fn, actions]) =>
  Object.entries(actions).map(([action, spec]) => ({ key: `${fn}.${action}`, fn, action, input: spec.input as z.ZodTypeAny, access: spec.access as Access })),
);

/** Field name → record kind, for id fields a policy does not name. */
const KIND_BY_NAME: Record<string, string> = {
  buildingId: 'building', buildingIds: 'building', unitId: 'unit', unitIds: 'unit', residentId: 'resident', vehicleId: 'vehicle', staffId: 'staff',
  technicianId: 'technician', assigneeId: 'technician', handlerId: 'staff', userId: 'user', bindingId: 'bindingRequest', importId: 'importBatch',
  callTaskId: 'callTask', repairId: 'repair', followUpId: 'followUp', noticeId: 'notice', audienceId: 'noticeAudience', itemId: 'feeItem',
  paymentId: 'payment', complaintId: 'complaint', incidentId: 'incident', communityId: 'community',
  articleId: 'article', scriptId: 'script',
  contactId: 'contact', passId: 'releasePass',
  inquiryId: 'inquiry', ownerId: 'user',
  batchId: 'moveInBatch', moveInId: 'moveIn', paperId: 'moveInPaper',
};
/**
 * Per action: which records a field takes. Never the callers' own where that would end the run
 * (binding.unbind takes spare units only); `fresh.<kind>.<state>` makes a record in the state the
 * action needs for the case, so actions that move a record on still reach their handler later in the run.
 */
const KIND_OVERRIDES: Record<string, Record<string, string>> = {
  'binding.unbind': { unitId: 'spareUnit' },
  'binding.review': { bindingId: 'fresh.bindingRequest.pending' },
  'repairs.cancel': { repairId: 'fresh.repair.submitted' },
  'repairs.urge': { repairId: 'fresh.repair.submitted' },
  'repairs.assign': { repairId: 'fresh.repair.submitted' },
  'repairs.claim': { repairId: 'fresh.repair.pool' },
  'repairs.accept': { repairId: 'fresh.repair.dispatched' },
  'repairs.return': { repairId: 'fresh.repair.dispatched' },
  'repairs.arrive': { repairId: 'fresh.repair.accepted' },
  'repairs.pause': { repairId: 'fresh.repair.arrived' },
  'repairs.complete': { repairId: 'fresh.repair.arrived' },
  'repairs.resume': { repairId: 'fresh.repair.paused' },
  'repairs.rate': { repairId: 'fresh.repair.completed' },
  'repairs.reopen': { repairId: 'fresh.repair.completed' },
  'complaints.accept': { complaintId: 'fresh.complaint.received', handlerId: 'handler' },
  'complaints.assign': { complaintId: 'fresh.complaint.accepted', handlerId: 'handler' },
  'complaints.investigate': { complaintId: 'fresh.complaint.accepted' },
  'complaints.reply': { complaintId: 'fresh.complaint.accepted' },
  'complaints.confirm': { complaintId: 'fresh.complaint.replied' },
  'complaints.unhappy': { complaintId: 'fresh.complaint.replied' },
  'complaints.close': { complaintId: 'fresh.complaint.followup' },
  'sentiment.acknowledge': { incidentId: 'fresh.incident.open' },
  'sentiment.resolve': { incidentId: 'fresh.incident.open' },
  'sentiment.convert': { incidentId: 'fresh.incident.open' },
  'notices.withdraw': { noticeId: 'fresh.notice.published' },
  'notices.update': { noticeId: 'fresh.notice.published' },
  'notices.open': { noticeId: 'fresh.notice.published' },
  'notices.callUnread': { noticeId: 'fresh.notice.published' },
  'fees.refund': { paymentId: 'fresh.payment.cash' },
  'fees.cancelBill': { billId: 'fresh.bill.open' },
  'fees.invoiceIssued': { invoiceRequestId: 'fresh.invoiceRequest.requested' },
  'fees.invoiceRejected': { invoiceRequestId: 'fresh.invoiceRequest.requested' },
  'messaging.completeCallTask': { callTaskId: 'fresh.callTask.open' },
  'followups.record': { followUpId: 'fresh.followUp.open' },
  'community.removeResident': { residentId: 'fresh.resident.family' },
  'community.removeVehicle': { vehicleId: 'fresh.vehicle.owned' },
  'desk.closeFollowUp': { contactId: 'fresh.contact.open' },
  'desk.acknowledge': { inquiryId: 'fresh.inquiry.received' },
  'desk.answer': { inquiryId: 'fresh.inquiry.received' },
  'desk.assign': { inquiryId: 'fresh.inquiry.received', handlerId: 'handler' },
  'desk.convert': { inquiryId: 'fresh.inquiry.received' },
  'desk.close': { inquiryId: 'fresh.inquiry.received' },
  'desk.rate': { inquiryId: 'fresh.inquiry.answered' },
  'desk.approvePass': { passId: 'fresh.releasePass.pending' },
  'desk.revokePass': { passId: 'fresh.releasePass.pending' },
  // A resale ends the owners' records of the unit: spare units only (as binding.unbind).
  'movein.resale': { unitId: 'spareUnit' },
  // Move-in batches: publish a draft (its buildings have no unit to hand over: refused, nothing moves), close a published one.
  'movein.publishBatch': { batchId: 'fresh.moveInBatch.draft' },
  'movein.closeBatch': { batchId: 'fresh.moveInBatch.published' },
  // The 入伙手续书: each call gets a case of its own (started, or still waiting for the start).
  'movein.startCase': { moveInId: 'fresh.moveIn.waiting' },
  'movein.tickStep': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.undoStep': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.checkIdentity': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.payFees': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.signAgreements': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.handOverKeys': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.issueCards': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.completeCase': { moveInId: 'fresh.moveIn.in_progress' },
  'movein.cancelCase': { moveInId: 'fresh.moveIn.in_progress' },
  'fees.carryOver': { unitId: 'spareUnit' },
};

const names = fc.oneof({ arbitrary: fc.constantFrom('张三', '李小明', '欧阳娜娜', 'Tom Lee', '阿卜杜拉·买买提'), weight: 5 }, { arbitrary: fc.constantFrom('王', ''), weight: 1 });
const phones = fc.oneof({ arbitrary: fc.constantFrom('13800000177', '13912345678', '0571-88886666', '+86 139 1234 5678'), weight: 5 }, { arbitrary: fc.constantFrom('12345', '1380000017'), weight: 1 });
const rid = fc.stringMatching(/^[a-z0-9]{12}$/).map((s) => `fz-${s}`);

/** Hand-made near-valid inputs for actions whose rules a schema walk rarely satisfies (cross-field rules). */
const SAMPLES: Record<string, Arb> = {
  'notices.saveTemplate': fc.record({ key: fc.constantFrom('fuzz-custom-1', 'fuzz-custom-2'), name: fc.constantFrom('模糊停水', '模糊停电'), kind: fc.constant('notice'), category: fc.constantFrom('normal', 'important'), title: fc.constant('停水通知'), body: fc.constantFrom('尊敬的业主：{{date}}停水。', '尊敬的业主：{{date}} {{toString}}停水。'), signature: fc.constant('物业服务中心'), variables: fc.constantFrom([{ name: 'date', label: '日期', type: 'date' }], [{ name: 'date', label: '日期', type: 'date' }, { name: 'toString', label: '时段', type: 'timeRange', defaultValue: '全天' }]) }),
  'notices.publish': fc.record({ requestId: rid, values: fc.constant({}), title: fc.constantFrom('模糊通知', '停水通知'), body: text(5, 80), kind: fc.constant('notice'), category: fc.constantFrom('normal', 'important', 'emergency'), target: fc.oneof(fc.constant({ kind: 'community' }), marker('building').map((b) => ({ kind: 'buildings', buildingIds: [b] })), marker('noticeAudience').map((a) => ({ kind: 'audience', audienceId: a }))) }),
  'repairs.create': fc.record({ requestId: rid, area: fc.constant('home'), unitId: marker('ownUnit'), category: fc.constantFrom(...DEFAULT_REPAIR_CATEGORIES), description: text(5, 60), photoIds: fc.array(marker('photo'), { maxLength: 2 }), urgency: fc.constantFrom('normal', 'urgent', 'emergency') }, { requiredKeys: ['requestId', 'area', 'unitId', 'category', 'description'] }),
  'repairs.createForOwner': fc.record({ requestId: rid, area: fc.constantFrom('home', 'common'), unitId: marker('unit'), place: fc.constant('3栋电梯厅'), category: fc.constantFrom(...DEFAULT_REPAIR_CATEGORIES), description: text(5, 60), contactName: names, contactPhone: phones }),
  'complaints.submit': fc.record({ requestId: rid, category: fc.constantFrom('cleaning', 'noise', 'security'), description: text(5, 80), unitId: marker('ownUnit') }),
  'desk.ask': fc.record({ requestId: rid, topic: fc.constantFrom('fees', 'parking', 'other'), text: text(4, 80), unitId: marker('ownUnit') }),
  'desk.record': fc.oneof(
    fc.record({ requestId: rid, channel: fc.constantFrom('phone', 'visit', 'wechat'), topic: fc.constantFrom('fees', 'renovation'), text: text(4, 80), unitId: marker('unit'), callerName: names, callerPhone: phones }),
    fc.record({ requestId: rid, channel: fc.constant('phone'), topic: fc.constant('other'), text: text(4, 80), callerName: names, callerPhone: phones }),
  ),
  'desk.saveInquirySettings': fc.constant({ promises: { fees: { ackMinutes: 30, answerHours: 24 }, parking: { ackMinutes: 10, answerHours: 4 } } }),
  'complaints.record': fc.record({ requestId: rid, channel: fc.constant('phone'), unitId: marker('unit'), contactName: names, contactPhone: phones, category: fc.constantFrom('cleaning', 'noise'), description: text(5, 80) }),
  'community.saveParkingSpace': fc.record({ code: fc.nat(999).map((n) => `B1-${String(n).padStart(3, '0')}`), kind: fc.constantFrom('owned', 'rented'), unitId: marker('unit') }),
  'fees.saveLadder': fc.constant({ days: [-3, 1, 15, 30, 90] }),
  // A receipt: a unit and a payment of it (the seeded payment is of the owner's unit).
  'fees.receipt': fc.record({ unitId: marker('ownUnit'), paymentId: marker('payment') }),
  'fees.receiptPdf': fc.record({ unitId: marker('ownUnit'), paymentId: marker('payment') }),
  'complaints.saveSettings': fc.constant({ firstResponseHours: 24, urgentFirstResponseHours: 2, replyDays: 7, followUpDays: 3 }),
  'sentiment.saveSettings': fc.constant({ windowMinutes: 30, minNegatives: 3, minSenders: 2, retentionDays: 90 }),
  'knowledge.saveArticle': fc.oneof(
    fc.record({ requestId: rid, title: text(1, 30), body: text(1, 200), category: fc.constantFrom('fees', 'rules', 'other'), keywords: fc.array(text(1, 10), { maxLength: 3 }), audience: fc.constantFrom('all', 'staff'), status: fc.constantFrom('published', 'draft') }),
    fc.record({ articleId: marker('article'), title: text(1, 30), body: text(1, 200), category: fc.constantFrom('fees', 'other') }),
  ),
  'desk.logContact': fc.oneof(
    fc.record({ requestId: rid, kind: fc.constantFrom('call', 'visit', 'wechat'), unitId: marker('unit'), phone: phones, purpose: text(1, 60), result: text(1, 60) }),
    fc.record({ requestId: rid, kind: fc.constant('visit'), visitor: fc.record({ name: names, company: text(0, 20), purpose: fc.constantFrom('construction', 'delivery', 'government', 'agency', 'relative', 'other', 'sales') }), purpose: text(1, 60), followUp: fc.record({ dueAt: isoTime(new Date()) }) }),
  ),
  'desk.requestPass': fc.record({ requestId: rid, unitId: marker('ownUnit'), items: text(1, 60), quantity: fc.integer({ min: 0, max: 1000 }), carrierName: names, carrierPhone: phones, date: fc.constant(localDay(new Date())) }),
  'desk.recordPass': fc.record({ requestId: rid, unitId: marker('unit'), items: text(1, 60), quantity: fc.integer({ min: 1, max: 5 }), carrierName: names, carrierPhone: phones, date: fc.constant(localDay(new Date())) }),
  'knowledge.search': fc.record({ q: fc.oneof(fc.constantFrom('物业费怎么交', '停车', '裝修', 'wifi', '！！'), text(1, 50)) }),
  'knowledge.saveScript': fc.oneof(
    fc.record({ requestId: rid, where: fc.constantFrom({ context: 'general' }, { context: 'complaint', stage: 'respond' }, { context: 'arrears', stage: 2 }), title: text(1, 20), text: text(1, 200) }),
    fc.record({ scriptId: marker('script'), where: fc.constant({ context: 'general' }), title: text(1, 20), text: text(1, 200) }),
    fc.record({ starterKey: fc.constantFrom('general.greet', 'phone.answer', 'nope.none'), where: fc.constantFrom({ context: 'general' }, { context: 'phone' }), title: text(1, 20), text: text(1, 200) }),
  ),
};
const monthOf = (d: Date) => d.toISOString().slice(0, 7);

function hintsFor(key: string, now: Date): (field: string) => Arb | undefined {
  const prev = new Date(now.getTime() - 31 * 86_400_000);
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const categories = fc.constantFrom(...DEFAULT_REPAIR_CATEGORIES, '不存在的类别');
  return (field) => {
    switch (field) {
      case 'contactPhone':
      case 'phone':
        return phones;
      case 'contactName':
        return names;
      case 'name':
        return ['community.saveResident', 'community.saveStaff', 'binding.request'].includes(key) ? names : undefined;
      case 'plate':
        return fc.constantFrom('浙A12345', '浙B·D12345', '京A88888', '沪C0000警', 'ABC');
      case 'code':
        if (key === 'desk.checkPass' || key === 'desk.releasePass') return fc.oneof(marker('passCode'), fc.constantFrom('ZZZZ2222', 'abcd-2345'));
        if (key === 'renovation.checkPass') return fc.oneof(marker('workerPassCode'), fc.constantFrom('ZZZZ2222', 'abcd-2345'));
        return key === 'auth.login' ? marker('wxcode') : key === 'community.saveParkingSpace' ? fc.constantFrom('B1-001', 'A-12', 'b1 15', '地下1') : undefined;
      case 'taxNo':
        return key === 'fees.requestInvoice' ? fc.constantFrom('91440300708461136T', '91440300708461136t', '91440300708461136X', '330106123456789', '33010619900307451X01', '9144') : undefined;
      case 'email':
        return fc.constantFrom('caiwu@example.com', 'a@b', '');
      case 'idNumber':
        return fc.constantFrom('', '110101199003074514', '11010119900307451X', '123');
      case 'category':
        return key.startsWith('repairs.') ? categories : undefined;
      case 'categories[]':
      case 'skills[]':
        return categories;
      case 'photoIds[]':
      case 'afterPhotoIds[]':
        return marker('photo');
      case 'fileIds[]':
        return key === 'movein.uploadPaper' ? fc.oneof(marker('paperPhoto'), marker('photo')) : undefined;
      case 'billId':
        return key === 'fees.cancelBill' ? fc.oneof(marker('fresh.bill.open'), marker('bill')) : marker('bill');
      case 'templateId':
        return fc.constantFrom(...messageTemplates().map((t) => t.templateId), 'no-such-template');
      case 'templateKey':
      case 'basedOn':
        return fc.oneof(fc.constantFrom(...NOTICE_LIBRARY.map((t) => t.key)), marker('customTemplate'));
      case 'key':
        return key === 'notices.saveTemplate' ? fc.constantFrom('fuzz-custom-1', 'fuzz-custom-2') : undefined;
      case 'values.key':
        return fc.constantFrom('date', 'timeRange', 'contactPhone', 'reason', 'buildings', 'toString', 'valueOf');
      case 'groupId':
        return fc.constantFrom('fuzz-g', 'fuzz-g2');
      case 'senderId':
        return fc.constantFrom('fuzz-s1', 'fuzz-s2');
      case 'messageId':
        return key === 'sentiment.convert' ? marker('message') : undefined;
      case 'contentBase64':
        return key === 'files.upload' ? fc.constant(PNG) : key === 'imports.preview' ? fc.constantFrom(CSV_UNITS, CSV_RESIDENTS, 'AAAA') : undefined;
      case 'fileName':
        return key === 'files.upload' ? fc.constantFrom('照片.png', 'a.jpg', 'x') : key === 'imports.preview' ? fc.constantFrom('房屋.csv', '住户.xlsx', 'a.txt') : undefined;
      case 'month':
        return fc.constantFrom(monthOf(now), monthOf(prev), '2026-01', '2001-01', '2099-12');
      case 'weekOf':
      case 'promiseDate':
      case 'leaseEndsOn':
        return fc.constantFrom(day(0), day(-7), day(30), '2026-02-30', '1970-01-01');
      case 'content':
        return key === 'sentiment.importChat' ? fc.constant(CHAT) : undefined;
      // The desk's days: a 放行条's date (today … 30 days ahead), the log's day, the figures' period.
      case 'date':
      case 'day':
      case 'from':
      case 'to':
        return key.startsWith('desk.') ? fc.constantFrom(day(0), day(1), day(-1), day(-30), day(40), '2026-02-30') : undefined;
      case 'description':
        return text(5, 60);
      case 'days':
        return key === 'fees.saveLadder' ? fc.oneof(fc.constant([-3, 1, 15, 30, 90]), fc.array(fc.integer({ min: -30, max: 400 }), { maxLength: 6 })) : undefined;
      case 'sentAt':
      case 'publishAt':
      case 'expiresAt':
        return isoTime(now);
      default:
        return undefined;
    }
  };
}

function contextFor(a: Action, now: Date): WalkContext {
  const refs = a.access === 'public' ? {} : ((a.access.refs ?? {}) as Record<string, RefKind>);
  const overrides = KIND_OVERRIDES[a.key] ?? {};
  return {
    now,
    hint: hintsFor(a.key, now),
    kindOf(field) {
      const name = field.replace(/\[\]$/, '');
      return overrides[name] ?? refs[name] ?? KIND_BY_NAME[name];
    },
  };
}

type Pools = Record<string, string[]>;
const BY_KEY = new Map(ACTIONS.map((a) => [a.key, a]));
interface ActionCase {
  /** `fn.action` (the schema is looked up, so a counterexample prints short). */
  key: string;
  caller: Caller;
  shape: 'valid' | 'mutated' | 'random';
  data: unknown;
}

function actionCases(now: Date, kinds: readonly string[]): fc.Arbitrary<ActionCase> {
  return fc.constantFrom(...ACTIONS.map((x) => x.key)).chain((key) => {
    const a = BY_KEY.get(key)!;
    const allowed = a.access === 'public' ? CALLERS : (a.access.roles as readonly Caller[]);
    const derived = validOf(a.input, '', contextFor(a, now));
    const valid = SAMPLES[a.key] ? fc.oneof(derived, SAMPLES[a.key]) : derived;
    const data = fc.oneof(
      { arbitrary: valid.map((d) => ({ shape: 'valid' as const, data: d })), weight: 4 },
      { arbitrary: fc.tuple(valid, mutation(kinds)).map(([d, m]) => ({ shape: 'mutated' as const, data: mutate(d, m) })), weight: 4 },
      { arbitrary: randomInput(kinds).map((d) => ({ shape: 'random' as const, data: d })), weight: 1 },
    );
    const caller = fc.oneof({ arbitrary: fc.constantFrom(...allowed), weight: 4 }, { arbitrary: fc.constantFrom(...CALLERS), weight: 1 });
    return fc.tuple(caller, data).map(([c, d]) => ({ key, caller: c, ...d }));
  });
}

// ---------------------------------------------------------------- the HTTP layer

const FIXED_PATHS = [
  '/fn/auth', '/fn/repairs', '/fn/notices', '/fn/community', '/fn/__proto__', '/fn/constructor', '/fn/toString', '/fn/hasOwnProperty', '/fn/valueOf', '/fn/', '/fn', '/fn//',
  '/fn/repairs/', '/fn/repairs/list', '/fn/%00', '/fn/%E4%B8%AD', '/fn/%ZZ', '/fn/..%2f..', '/fn/auth;x', '/files/..%2f..', '/files/..%2F..%2Fetc%2Fpasswd', '/files/../../etc/passwd',
  '/files/', '/files/x', `/files/${'a'.repeat(64)}`, `/files/${'a'.repeat(65)}`, '/files/f_000000000000000000000000', '/files/__proto__', '/healthz', '/healthz/', '/HEALTHZ',
  '/', '/index.html', '/app.1a2b3c.js', '/%00', '/index.html%00.js', '/%2e%2e/', '/..%5c..%5cpackage.json', '/%', '/%2e%2e/%2e%2e/etc/passwd', '//', '//[', '//evil.invalid:99999/x', '*', '/\\..\\..', 'http://evil.invalid/fn/auth', `/${'x'.repeat(5000)}`,
];
/** Bytes → %XX (so any text, invalid UTF-8 included, makes a request target the client will send). */
const pct = (bytes: Uint8Array) => Array.from(bytes, (b) => (/[\w.~-]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
const segment = fc.oneof(fc.stringMatching(/^[\w.~-]{0,12}$/), fc.uint8Array({ maxLength: 8 }).map(pct), fc.string({ unit: 'binary', maxLength: 6 }).map((s) => pct(Buffer.from(s, 'utf8'))));
const paths = fc.oneof(
  { arbitrary: fc.constantFrom(...FIXED_PATHS), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom('/fn/', '/files/', '/'), fc.array(segment, { minLength: 1, maxLength: 3 })).map(([p, s]) => p + s.join('/')), weight: 2 },
);
const queries = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?exp=1&sig=x', '?exp=99999999999&sig=', '?__proto__[x]=1&constructor=1', '?a=%', '?action=list', `?${'a'.repeat(4000)}`, '?exp=1e400&sig=%00'),
  fc.uint8Array({ maxLength: 30 }).map((b) => `?q=${pct(b)}`),
);
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'application/jsonp', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json\t'];
const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,80}$/), fc.nat(6000).map((n) => 'v'.repeat(n)), fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b.map((x) => (x < 0x20 || x === 0x7f ? 0x41 : x))).toString('latin1').trim()));

interface HttpCase {
  method: string;
  path: string;
  query: string;
  contentType: string | null;
  auth: { caller: Caller } | { raw: string } | null;
  headers: [string, string][];
  body: { text: string; fn?: string } | { bytes: Uint8Array } | null;
  declaredLength: number | null;
  oversizeHeader: boolean;
}

function httpCases(now: Date, kinds: readonly string[]): fc.Arbitrary<HttpCase> {
  const event = actionCases(now, kinds).map((c) => {
    const a = BY_KEY.get(c.key)!;
    return { text: jsonText({ action: a.action, data: c.data }), fn: a.fn };
  });
  const body = fc.oneof(
    { arbitrary: event, weight: 7 },
    { arbitrary: fc.tuple(event, fc.nat()).map(([e, n]) => ({ text: e.text.slice(0, n % Math.max(1, e.text.length)), fn: e.fn })), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? '' })), weight: 1 },
    { arbitrary: fc.record({ action: oddValue(kinds), data: oddValue(kinds) }).map((v) => ({ text: jsonText(v) })), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '', ' ', 'null', '[]', '"x"', '1e400', '{}', '{"action":""}', '{"action":"login","data":{"code":"x"},"userInfo":{"openId":"o_x"}}', '{"__proto__":{"action":"login"},"action":"me"}',
        '{"action":"me","action":"logout"}', '\ufeff{"action":"me"}', '{"action":"me","data":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '{"action":"constructor"}', '{"action":"__proto__"}', '{"action":"toString"}',
        '{"action":"hasOwnProperty","data":{}}', `{"action":"${'a'.repeat(65)}"}`,
      ).map((t) => ({ text: t })),
      weight: 2,
    },
    { arbitrary: fc.constant(null), weight: 1 },
  );
  return fc.record({
    method: fc.oneof({ arbitrary: fc.constant('POST'), weight: 6 }, { arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), weight: 2 }),
    path: fc.oneof({ arbitrary: fc.constant('«fn»'), weight: 5 }, { arbitrary: paths, weight: 2 }),
    query: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: queries, weight: 1 }),
    contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 6 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 }, { arbitrary: fc.constant(null), weight: 1 }),
    auth: fc.oneof(
      { arbitrary: fc.constantFrom(...CALLERS).map((caller) => ({ caller })), weight: 5 },
      { arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer v1.abc.def', 'Bearer v1.000000000000000000000000.9999999999.x', `Bearer ${'x'.repeat(6000)}`, 'bearer  a b', 'Bearer \u00ff').map((raw) => ({ raw })), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
    ),
    headers: fc.array(fc.tuple(fc.constantFrom('x-request-id', 'origin', 'accept', 'x-forwarded-for', 'cookie', 'x-custom', 'if-none-match', 'range', 'expect-ct', 'accept-encoding', 'transfer-encoding-x'), headerValue), { maxLength: 3 }),
    body,
    declaredLength: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.constantFrom(99_999_999_999, 9 * 1024 * 1024), weight: 1 }),
    oversizeHeader: fc.oneof({ arbitrary: fc.constant(false), weight: 30 }, { arbitrary: fc.constant(true), weight: 1 }),
  }) as fc.Arbitrary<HttpCase>;
}

// ---------------------------------------------------------------- running and judging

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

let stack: Stack;
let port: number;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(method: string, target: string, headers: Record<string, string>, body: Buffer | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    // Node's client sends a GET/DELETE/HEAD body without any length header (the server would read it
    // as the next request): always say how long the body is, unless the case declares its own length.
    const lengthGiven = Object.keys(headers).some((k) => k.toLowerCase() === 'content-length');
    const all = body && !lengthGiven ? { ...headers, 'content-length': String(body.length) } : headers;
    // Always 127.0.0.1: the request target is only a string in the request line.
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: all, agent, setHost: true }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (e) => done(() => reject(e)));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms (hang)`));
    });
    req.on('error', (e) => done(() => reject(e)));
    req.end(body ?? undefined);
  });
}

/** Why an answer is not acceptable, or null. */
function judge(ans: Answer, opts: { head?: boolean; protocolLevel?: boolean }): string | null {
  let json: { ok?: unknown; db?: unknown; error?: { code?: string } } | undefined;
  try {
    json = ans.text ? (JSON.parse(ans.text) as typeof json) : undefined;
  } catch {
    json = undefined;
  }
  const code = json?.error?.code;
  if (ans.status >= 500 && !(code && ENVIRONMENT_5XX.has(code as ErrorCode))) return `status ${ans.status}`;
  if (ans.status < 200) return `status ${ans.status}`;
  if (opts.head) return null;
  // A file of the H5 build.
  if (ans.status === 200 && !String(ans.headers['content-type']).startsWith('application/json')) return null;
  if (!json || typeof json !== 'object') {
    // Node's own HTTP parser refuses over-long headers before any handler runs (431, no body).
    if (opts.protocolLevel && [400, 413, 431].includes(ans.status)) return null;
    return `answer is not JSON (${ans.status}): ${ans.text.slice(0, 120)}`;
  }
  if ('db' in json) return ans.status === 200 && json.ok === true ? null : `healthz ${ans.status}`;
  if (json.ok === true) return ans.status === 200 ? null : `ok:true with status ${ans.status}`;
  if (!code || !Object.prototype.hasOwnProperty.call(ERRORS, code)) return `unknown error code ${String(code)}`;
  if (statusOf(code as ErrorCode) !== ans.status) return `code ${code} answered with status ${ans.status}`;
  return null;
}

const tokens = new Map<Caller, string>();
const openids = new Map<Caller, string>();
let pools: Pools;

async function login(caller: Caller): Promise<void> {
  const openid = openids.get(caller);
  if (openid) tokens.set(caller, await stack.login(stack.wechat.mintCode(openid)));
}

/** The world's records, for the fresh ones a case asks for. */
let W: {
  a: Types.ObjectId; bA: Types.ObjectId; own: Types.ObjectId; otherA: Types.ObjectId; owner: Types.ObjectId; otherOwner: Types.ObjectId;
  technician: Types.ObjectId; agent: Types.ObjectId; cashier: Types.ObjectId;
};
const fresh = new Map<string, string>();
const FRESH = /«(fresh\.[\w.]+)#(\d+)»/g;

/** Make the records the `«fresh.kind.state#n»` markers of this request name (one per distinct marker). */
async function makeFresh(text: string): Promise<void> {
  fresh.clear();
  for (const m of text.matchAll(FRESH)) if (!fresh.has(`${m[1]}#${m[2]}`)) fresh.set(`${m[1]}#${m[2]}`, await freshRecord(m[1]));
}

async function freshRecord(kind: string): Promise<string> {
  const [, what, state] = kind.split('.');
  const _id = new Types.ObjectId();
  const id = String(_id);
  const base = { _id, communityId: W.a };
  const techFields = { assigneeId: W.technician, assigneeName: '模糊师傅' };
  switch (what) {
    case 'repair': {
      const byState: Record<string, Record<string, unknown>> = {
        submitted: { status: 'submitted' },
        pool: { status: 'submitted', inPool: true, mode: 'pool' },
        dispatched: { status: 'dispatched', ...techFields },
        accepted: { status: 'accepted', ...techFields, acceptedAt: new Date() },
        arrived: { status: 'arrived', ...techFields, acceptedAt: new Date(), arrivedAt: new Date() },
        paused: { status: 'paused', ...techFields, acceptedAt: new Date(), arrivedAt: new Date(), pausedAt: new Date() },
        completed: { status: 'completed', ...techFields, completedAt: new Date() },
      };
      await Repair.create({ ...base, orderNo: `FZ${id}`, requestKey: `fuzz:${id}`, channel: 'miniprogram', area: 'home', unitId: W.own, location: '模糊报修位置', category: '水电', description: '模糊测试报修', urgency: 'normal', reporterId: W.owner, reporterName: '模糊报修人', contactName: '模糊联系人', contactPhone: '13800000177', mode: 'manual', roundFrom: new Date(), ...byState[state] });
      return id;
    }
    case 'complaint':
      await Complaint.create({
        ...base, caseNo: `FZ${id}`, requestKey: `fuzz:${id}`, channel: 'miniprogram', category: 'cleaning', description: '模糊测试投诉', unitId: W.own, location: '模糊投诉位置', ownerId: W.owner, reporterId: W.owner,
        reporterName: '模糊投诉人', contactName: '模糊联系人', contactPhone: '13800000177', status: state, roundFrom: new Date(), deadlines: { respond: new Date(Date.now() + 86_400_000), reply: new Date(Date.now() + 7 * 86_400_000) },
        ...(state !== 'received' ? { handlerId: W.agent, handlerName: '模糊客服' } : {}),
      });
      return id;
    case 'inquiry':
      await Inquiry.create({
        ...base, inquiryNo: `FZ${id}`, requestKey: `fuzz:${id}`, channel: 'miniprogram', topic: 'fees', text: '模糊测试咨询', unitId: W.own, location: '模糊咨询位置', ownerId: W.owner, reporterId: W.owner,
        reporterName: '模糊咨询人', callerName: '模糊咨询人', callerPhone: '13800000177', status: state, promise: { ackMinutes: 30, answerHours: 24 }, deadlines: { ack: new Date(Date.now() + 1_800_000), answer: new Date(Date.now() + 86_400_000) },
        ...(state === 'answered' ? { answer: { text: '模糊答复', at: new Date(), byName: '模糊客服' }, answeredAt: new Date() } : {}),
      });
      return id;
    case 'incident': {
      const messageKey = `${String(W.a)}:fuzz-g:${id}`;
      await SentimentMessage.create({ _id: messageKey, communityId: W.a, groupId: 'fuzz-g', messageId: id, senderId: 'fuzz-s1', nickname: '模糊群友', text: '楼道漏水没人管', sentAt: new Date(), negative: true, score: 0.7, level: 'medium', topics: ['leak'], source: 'api', expiresAt: new Date(Date.now() + 86_400_000) });
      await SentimentIncident.create({ ...base, groupId: 'fuzz-g', groupName: '模糊群', topic: 'leak', status: 'open', severity: 2, messageIds: [messageKey], firstAt: new Date(), lastAt: new Date() });
      return id;
    }
    case 'notice':
      await Notice.create({ ...base, requestKey: `fuzz:${id}`, title: '模糊通知', body: '尊敬的各位业主：模糊测试正文。', signature: '物业服务中心', kind: 'notice', category: 'important', target: { kind: 'community' }, targetText: '全体业主', unitIds: [W.own, W.otherA], publishAt: new Date(Date.now() - 60_000), status: 'published', authorId: W.agent });
      return id;
    case 'payment':
      await Payment.create({ ...base, unitId: W.own, receiptKey: `fuzz:${id}`, receiptNo: `FZ${id.slice(-8)}`, method: 'cash', amountFen: 10000, cashierId: W.cashier, cashierName: '模糊收费员', at: new Date() });
      return id;
    case 'invoiceRequest':
      return String((await freshInvoiceRequest(await freshRecord('fresh.payment.cash').then((pid) => new Types.ObjectId(pid)), 'requested'))._id);
    case 'bill': {
      const billId = `fuzz:${String(W.own)}:${id}`;
      await Bill.create({ _id: billId, communityId: W.a, unitId: W.own, buildingId: W.bA, itemId: new Types.ObjectId(), itemName: '物业服务费', kind: 'property', period: '2026-10', amountFen: 10000, dueDate: new Date(Date.now() - 40 * 86_400_000), detail: '模糊', createdAt: new Date() });
      return billId;
    }
    case 'bindingRequest':
      await BindingRequest.create({ ...base, unitId: W.otherA, userId: new Types.ObjectId(), name: '模糊申请人', phoneLast4: '0000', relation: 'tenant', status: 'pending', openKey: `f:${id}` });
      return id;
    case 'callTask':
      await CallTask.create({ ...base, eventKey: `fuzz:${id}`, recipientId: W.owner, name: '模糊电话对象', phone: '13900000000', title: '报修进度通知', lines: [], reason: '模糊测试', createdAt: new Date() });
      return id;
    case 'followUp': {
      const sourceId = await freshRecord('fresh.repair.completed');
      await FollowUp.create({ ...base, source: 'repair', sourceId, key: `fuzz:${sourceId}`, title: '模糊回访', ownerName: '模糊联系人', phone: '13800000177', location: '模糊报修位置', dueAt: new Date() });
      return id;
    }
    case 'resident':
      return String((await makeResident(W.a, W.otherA, { name: '临时住户', relation: 'family' }))._id);
    case 'contact':
      await Contact.create({ ...base, requestKey: `fuzz:${id}`, kind: 'call', direction: 'in', purpose: '模糊来电', followUp: { dueAt: new Date(), assigneeName: '模糊客服' }, followUpOpen: true, at: new Date(), day: localDay(new Date()), byId: W.agent, byName: '模糊客服' });
      return id;
    case 'releasePass':
      await ReleasePass.create({ ...base, requestKey: `fuzz:${id}`, code: `FZ${id.slice(-6).toUpperCase()}`, unitId: W.own, unitLabel: '模糊房屋', items: '模糊物品', quantity: 1, carrierName: '模糊搬运', carrierPhone: '13800000188', date: localDay(new Date()), status: state, requestedById: W.agent, requestedByName: '模糊客服', requestedAs: 'staff' });
      return id;
    case 'vehicle':
      await Vehicle.create({ ...base, unitId: W.otherA, plate: `浙F·${id.slice(-5).toUpperCase().replace(/[IO]/g, '1')}` });
      return id;
    case 'moveInBatch':
      await MoveInBatch.create({ ...base, requestKey: `fuzz:batch:${id}`, name: '模糊批次', buildingIds: [], startDay: localDay(new Date()), endDay: localDay(new Date()), slots: [{ id: 's1', start: '09:00', end: '12:00', capacity: 3 }], status: state });
      return id;
    case 'moveIn':
      // A case of its own (no batch), waiting or in progress with the default steps: the checklist's actions move it on, never the pool's.
      await MoveIn.create({ ...base, unitId: W.otherA, buildingId: new Types.ObjectId(), unitLabel: '模糊房屋', kind: 'single', openKey: `${String(W.otherA)}:fuzz:${id}`, requestKey: `fuzz:movein:${id}`, buyer: { name: '模糊购房人', phone: '13800000177', idNumber: '110101199003070003' }, status: state, rev: 0, steps: stepsFor(DEFAULT_REQUIRED_STEPS) });
      return id;
    default:
      throw new Error(`no fresh records of ${kind}`);
  }
}

/** An invoice request of the owner's payment: open (its payment's slot taken) or sent back. */
async function freshInvoiceRequest(paymentId: Types.ObjectId, status: 'requested' | 'rejected') {
  const _id = new Types.ObjectId();
  return InvoiceRequest.create({ _id, communityId: W.a, unitId: W.own, unitLabel: '模糊房屋', paymentId, receiptNo: `FZ${String(_id).slice(-8)}`, method: 'cash', paidAt: new Date(), amountFen: 10000, titleType: 'personal', title: '模糊业主', status, slot: status === 'requested' ? String(paymentId) : `${String(paymentId)}:${String(_id)}`, requesterId: W.owner, requesterName: '模糊业主', requestedAt: new Date(), ...(status === 'rejected' ? { rejectReason: '模糊退回', decidedAt: new Date() } : {}) });
}

/** The JSON text with every marker replaced by a record id of the seeded world (or a fresh one). */
async function withIds(text: string): Promise<string> {
  await makeFresh(text);
  return text.replace(/«([\w.]+)#(\d+)»/g, (_m, k: string, n: string) => pick(k, Number(n)));
}

function pick(kind: string, n: number): string {
  const made = fresh.get(`${kind}#${n}`);
  if (made) return made;
  if (kind === 'wxcode') {
    const who = [...openids.values(), `o_fuzz_new_${n}`];
    return stack.wechat.mintCode(who[n % who.length]);
  }
  const pool = pools[kind] ?? pools.any;
  return pool[n % pool.length];
}

const seen = { cases: 0, byStatus: new Map<number, number>(), okActions: new Set<string>(), slowestMs: 0, slowest: '', codesByAction: new Map<string, Map<string, number>>() };

function record(ans: Answer, what: string, ms: number): void {
  seen.cases++;
  seen.byStatus.set(ans.status, (seen.byStatus.get(ans.status) ?? 0) + 1);
  if (ms > seen.slowestMs) Object.assign(seen, { slowestMs: ms, slowest: what });
}

async function runAction(c: ActionCase): Promise<void> {
  const a = BY_KEY.get(c.key)!;
  const token = c.caller === 'anonymous' ? undefined : tokens.get(c.caller);
  const body = Buffer.from(await withIds(jsonText(c.data === undefined ? { action: a.action } : { action: a.action, data: c.data })), 'utf8');
  const started = Date.now();
  const ans = await send('POST', `/fn/${a.fn}`, { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body);
  record(ans, `${a.key} as ${c.caller}`, Date.now() - started);
  if (ans.status === 200) seen.okActions.add(a.key);
  if (process.env.FUZZ_TRACE) {
    const code = ans.status === 200 ? 'OK' : ((JSON.parse(ans.text) as { error?: { code?: string } }).error?.code ?? String(ans.status));
    const m = seen.codesByAction.get(a.key) ?? new Map<string, number>();
    m.set(`${c.shape}:${code}`, (m.get(`${c.shape}:${code}`) ?? 0) + 1);
    seen.codesByAction.set(a.key, m);
    if (c.shape === 'valid' && code === 'VALIDATION') process.stderr.write(`valid→400 ${a.key}: ${JSON.stringify((JSON.parse(ans.text) as { error: { details?: unknown } }).error.details).slice(0, 300)} ${body.toString('utf8').slice(0, 300)}\n`);
  }
  if (token && SESSION_ENDING.has(a.key)) await login(c.caller);
  const problem = judge(ans, {});
  if (problem) throw new Error(`${a.key} as ${c.caller}: ${problem}\nsent: ${body.toString('utf8').slice(0, 2000)}\ngot: ${ans.text.slice(0, 1000)}`);
}

async function runHttp(c: HttpCase, fnOf: () => string): Promise<void> {
  const fn = c.body && 'fn' in c.body && c.body.fn ? c.body.fn : fnOf();
  const route = c.path === '«fn»' ? `/fn/${fn}` : c.path;
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  if (c.auth && 'caller' in c.auth) {
    const t = tokens.get(c.auth.caller);
    if (t) headers.authorization = `Bearer ${t}`;
  } else if (c.auth) headers.authorization = c.auth.raw;
  for (const [k, v] of c.headers) headers[k] = v;
  if (c.oversizeHeader) headers['x-oversize'] = 'o'.repeat(20_000);
  // Markers inside the JSON text become the seeded world's ids (and fresh wx.login codes).
  let body: Buffer | null = null;
  if (c.body && 'text' in c.body) body = Buffer.from(await withIds(c.body.text), 'utf8');
  else if (c.body) body = Buffer.from(c.body.bytes);
  if (c.declaredLength !== null) headers['content-length'] = String(c.declaredLength);
  const target = route + c.query;
  const started = Date.now();
  // Past Node's header limit (16 KB) its HTTP parser answers 431 and closes the connection before
  // any of our code runs; the client may see only the closed socket.
  const headerBytes = target.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  const protocolLevel = headerBytes > 16_000;
  if (process.env.FUZZ_TRACE) process.stderr.write(`${c.method} ${target.slice(0, 80)} hdr=${headerBytes} declared=${c.declaredLength} body=${body?.length}\n`);
  let ans: Answer;
  try {
    ans = await send(c.method, target, headers, c.declaredLength !== null ? null : body);
  } catch (e) {
    if (protocolLevel && /socket hang up|ECONNRESET|EPIPE/.test((e as Error).message)) return;
    throw new Error(`${c.method} ${target.slice(0, 200)}: ${(e as Error).message}`);
  }
  record(ans, `${c.method} ${target.slice(0, 60)}`, Date.now() - started);
  // Any body sent to /fn/auth with a caller's token may have ended that session (`{"action":"me","action":"logout"}`).
  if (c.auth && 'caller' in c.auth && route.startsWith('/fn/auth')) await login(c.auth.caller);
  const problem = judge(ans, { head: c.method === 'HEAD', protocolLevel });
  if (problem) throw new Error(`${c.method} ${target.slice(0, 200)}: ${problem}\nheaders: ${JSON.stringify(headers).slice(0, 500)}\nsent: ${body?.toString('utf8').slice(0, 1000) ?? ''}\ngot: ${ans.text.slice(0, 1000)}`);
}

// ---------------------------------------------------------------- the seeded world

async function seedWorld(): Promise<void> {
  const a = await makeCommunity({ name: '模糊甲小区' });
  const b = await makeCommunity({ name: '模糊乙小区' });
  const bA = await makeBuilding(a._id, '1栋');
  const bA2 = await makeBuilding(a._id, '2栋');
  const bB = await makeBuilding(b._id, '1栋');
  const own = await makeUnit(a._id, bA._id, { room: '0101' });
  const spares = [await makeUnit(a._id, bA._id, { room: '0103' }), await makeUnit(a._id, bA._id, { room: '0104' }), await makeUnit(a._id, bA2._id, { room: '0201' })];
  const otherA = await makeUnit(a._id, bA._id, { room: '0102' });
  const vacantA = await makeUnit(a._id, bA2._id, { room: '1502', status: 'vacant' });
  const uB = await makeUnit(b._id, bB._id, { room: '0101' });
  const owner = await makeOwner(a._id, [own._id, ...spares.map((s) => s._id)], '模糊业主', '13800000101');
  const otherOwner = await makeOwner(a._id, [otherA._id], '隔壁业主', '13800000102');
  await makeOwner(b._id, [uB._id], '乙区业主', '13800000104');
  const staff = {
    agent: await makeUser(a._id, { roles: ['agent'], name: '模糊客服' }),
    manager: await makeUser(a._id, { roles: ['manager'], name: '模糊主管' }),
    technician: await makeUser(a._id, { roles: ['technician'], name: '模糊师傅', skills: ['水电', '门窗'] }),
    cashier: await makeUser(a._id, { roles: ['cashier'], name: '模糊收费员' }),
  };
  const staffA = await makeUser(a._id, { roles: ['technician'], name: '甲区师傅', skills: ['水电'] });
  W = { a: a._id, bA: bA._id, own: own._id, otherA: otherA._id, owner: owner._id, otherOwner: otherOwner._id, technician: staff.technician._id, agent: staff.agent._id, cashier: staff.cashier._id };
  const staffB = await makeUser(b._id, { roles: ['agent', 'technician', 'manager'], name: '乙区员工' });
  openids.set('owner', await linkWechat(owner._id));
  for (const role of ['agent', 'manager', 'technician', 'cashier'] as const) openids.set(role, await linkWechat(staff[role]._id));
  openids.set(GUEST, `o_fuzz_guest_${new Types.ObjectId().toHexString()}`);
  for (const c of openids.keys()) await login(c);

  const call = async <T>(fn: string, action: string, data: unknown, caller: Caller): Promise<T> => {
    const res = await stack.http(fn, { action, data }, { token: tokens.get(caller) });
    if (!res.body.ok) throw new Error(`seed ${fn}.${action}: ${JSON.stringify(res.body)}`);
    return res.body.data as T;
  };
  const ids = (docs: { _id: unknown }[]) => docs.map((d) => String(d._id));

  const residents = [await makeResident(a._id, otherA._id, { name: '隔壁家属', relation: 'family', phone: '13800000103' }), await makeResident(a._id, vacantA._id, { name: '空房租户', relation: 'tenant' }), await makeResident(b._id, uB._id, { name: '乙区租户', relation: 'tenant' })];
  const vehicles = [await Vehicle.create({ communityId: a._id, unitId: own._id, plate: '浙A·F0001' }), await Vehicle.create({ communityId: b._id, unitId: uB._id, plate: '浙A·F0002' })];
  const space = await call<{ id: string }>('community', 'saveParkingSpace', { code: 'F-001', kind: 'owned', unitId: String(own._id) }, 'manager');
  const binding = [];
  for (let i = 0; i < 3; i++) {
    const _id = new Types.ObjectId();
    binding.push(await BindingRequest.create({ _id, communityId: i < 2 ? a._id : b._id, unitId: i < 2 ? otherA._id : uB._id, userId: new Types.ObjectId(), name: '模糊申请人', phoneLast4: '0000', relation: 'tenant', status: 'pending', openKey: `f:${String(_id)}` }));
  }
  const importBatch = await call<{ importId: string }>('imports', 'preview', { kind: 'units', fileName: '房屋.csv', contentBase64: CSV_UNITS }, 'manager');
  const photos: string[] = [];
  for (let i = 0; i < 3; i++) photos.push((await call<{ id: string }>('files', 'upload', { purpose: 'repair', fileName: `模糊${i}.png`, contentBase64: PNG }, 'owner')).id);
  const tasks = [];
  for (let i = 0; i < 3; i++) tasks.push(await CallTask.create({ communityId: a._id, eventKey: `fuzz:${i}`, recipientId: owner._id, name: '模糊电话对象', phone: '13900000000', title: '报修进度通知', lines: [], reason: '模糊测试', createdAt: new Date() }));

  const repairs: string[] = [];
  const repairStates: Record<string, unknown>[] = [
    { status: 'submitted' },
    { status: 'submitted', inPool: true, mode: 'pool' },
    { status: 'dispatched', assigneeId: staff.technician._id, assigneeName: '模糊师傅' },
    { status: 'accepted', assigneeId: staff.technician._id, assigneeName: '模糊师傅', acceptedAt: new Date() },
    { status: 'arrived', assigneeId: staff.technician._id, assigneeName: '模糊师傅', acceptedAt: new Date(), arrivedAt: new Date() },
    { status: 'paused', assigneeId: staff.technician._id, assigneeName: '模糊师傅', acceptedAt: new Date(), arrivedAt: new Date(), pausedAt: new Date() },
    { status: 'completed', assigneeId: staff.technician._id, assigneeName: '模糊师傅', completedAt: new Date() },
    { status: 'completed', completedAt: new Date(Date.now() - 30 * 86_400_000) },
  ];
  for (const [i, fields] of repairStates.entries()) {
    const _id = new Types.ObjectId();
    await Repair.create({
      _id, communityId: a._id, orderNo: `FZ${String(_id)}`, requestKey: `fuzz:${String(_id)}`, channel: 'miniprogram', area: 'home', unitId: i % 3 === 2 ? otherA._id : own._id,
      location: '模糊报修位置', category: '水电', description: '模糊测试报修', urgency: i === 1 ? 'urgent' : 'normal', reporterId: i % 3 === 2 ? otherOwner._id : owner._id,
      reporterName: '模糊报修人', contactName: '模糊联系人', contactPhone: '13800000177', mode: 'manual', roundFrom: new Date(), ...fields,
    });
    repairs.push(String(_id));
  }
  const followUps = [];
  for (const sourceId of repairs.slice(6)) followUps.push(await FollowUp.create({ communityId: a._id, source: 'repair', sourceId, key: `fuzz:${sourceId}`, title: '模糊回访', ownerName: '模糊联系人', phone: '13800000177', location: '模糊报修位置', dueAt: new Date() }));

  const complaints: string[] = [];
  for (const status of ['received', 'accepted', 'replied', 'followup', 'closed']) {
    const _id = new Types.ObjectId();
    await Complaint.create({
      _id, communityId: a._id, caseNo: `FZ${String(_id)}`, requestKey: `fuzz:${String(_id)}`, channel: 'miniprogram', category: 'cleaning', description: '模糊测试投诉', unitId: own._id,
      location: '模糊投诉位置', ownerId: owner._id, reporterId: owner._id, reporterName: '模糊投诉人', contactName: '模糊联系人', contactPhone: '13800000177', status, roundFrom: new Date(),
      deadlines: { respond: new Date(Date.now() + 86_400_000), reply: new Date(Date.now() + 7 * 86_400_000) }, ...(status !== 'received' ? { handlerId: staff.agent._id, handlerName: '模糊客服' } : {}),
    });
    complaints.push(String(_id));
  }

  const inquiries: string[] = [];
  for (const [i, status] of ['received', 'acknowledged', 'answered', 'rated', 'closed', 'received'].entries()) {
    const _id = new Types.ObjectId();
    await Inquiry.create({
      _id, communityId: i === 5 ? b._id : a._id, inquiryNo: `FZ${String(_id)}`, requestKey: `fuzz:${String(_id)}`, channel: 'miniprogram', topic: 'fees', text: '模糊测试咨询', unitId: i === 5 ? uB._id : own._id,
      location: '模糊咨询位置', ownerId: owner._id, reporterId: owner._id, reporterName: '模糊咨询人', callerName: '模糊咨询人', callerPhone: '13800000177', status,
      promise: { ackMinutes: 30, answerHours: 24 }, deadlines: { ack: new Date(Date.now() + 1_800_000), answer: new Date(Date.now() + 86_400_000) },
    });
    inquiries.push(String(_id));
  }

  const notice = await call<{ id: string }>('notices', 'publish', { requestId: 'fuzz-notice-0001', values: {}, title: '模糊通知', body: '尊敬的各位业主：模糊测试正文。', kind: 'notice', category: 'normal', target: { kind: 'community' } }, 'agent');
  const audience = await call<{ id: string }>('notices', 'saveAudience', { name: '模糊对象', buildingIds: [String(bA._id)], minFloor: 1 }, 'manager');
  const custom = await call<{ key: string }>('notices', 'saveTemplate', { name: '模糊模板', kind: 'notice', category: 'normal', title: '温馨提示', body: '尊敬的业主：{{toString}}起施工。', signature: '物业服务中心', variables: [{ name: 'toString', label: '日期', type: 'date' }] }, 'manager');
  const item = await call<{ id: string }>('fees', 'saveItem', { name: '模糊物业费', kind: 'property', rateFen: 235 }, 'manager');
  const payments = [await Payment.create({ communityId: a._id, unitId: own._id, receiptKey: 'fuzz:p1', receiptNo: 'FZ1', method: 'cash', amountFen: 10000, cashierId: staff.cashier._id, cashierName: '模糊收费员', at: new Date() })];
  // Invoice requests of that payment: one open (issued or sent back in the run), one sent back.
  const invoiceRequests = [await freshInvoiceRequest(payments[0]._id, 'requested'), await freshInvoiceRequest(payments[0]._id, 'rejected')];
  const bills: string[] = [];
  for (let i = 0; i < 3; i++) {
    const _id = `fuzz:${String(own._id)}:${i}`;
    await Bill.create({ _id, communityId: a._id, unitId: own._id, buildingId: bA._id, itemId: new Types.ObjectId(), itemName: '物业服务费', kind: 'property', period: '2026-10', amountFen: 10000, dueDate: new Date(Date.now() - 40 * 86_400_000), detail: '模糊', createdAt: new Date() });
    bills.push(_id);
  }
  const messages: string[] = [];
  const incidents: string[] = [];
  for (const [i, communityId] of [a._id, a._id, b._id].entries()) {
    const messageKey = `${String(communityId)}:fuzz-g:fz${i}`;
    await SentimentMessage.create({ _id: messageKey, communityId, groupId: 'fuzz-g', messageId: `fz${i}`, senderId: 'fuzz-s1', nickname: '模糊群友', text: '楼道漏水没人管', sentAt: new Date(), negative: true, score: 0.7, level: 'medium', topics: ['leak'], source: 'api', expiresAt: new Date(Date.now() + 86_400_000) });
    messages.push(`fz${i}`);
    incidents.push(String((await SentimentIncident.create({ communityId, groupId: 'fuzz-g', groupName: '模糊群', topic: 'leak', status: 'open', severity: 2, messageIds: [messageKey], firstAt: new Date(), lastAt: new Date() }))._id));
  }

  // Knowledge-base articles (published for owners, staff-only, a draft) and own 话术 scripts; one of each in B.
  const articles: string[] = [];
  const scripts: string[] = [];
  for (const [i, [communityId, audience, status]] of ([[a._id, 'all', 'published'], [a._id, 'staff', 'published'], [a._id, 'all', 'draft'], [b._id, 'all', 'published']] as const).entries()) {
    articles.push(String((await Article.create({ communityId, title: `模糊条目${i}`, body: '物业费模糊正文', category: 'fees', keywords: ['物业费'], audience, status, terms: ['物业', '业费'], updatedByName: '模糊主管' }))._id));
  }
  for (const communityId of [a._id, b._id]) scripts.push(String((await Script.create({ communityId, context: 'general', title: '模糊话术', text: '模糊话术内容', updatedByName: '模糊主管' }))._id));

  // The call log (an entry with a follow-up in A and in B) and 放行条 (approved today in A, pending in A, approved in B).
  const contacts: string[] = [];
  for (const [i, communityId] of [a._id, b._id].entries()) {
    contacts.push(String((await Contact.create({ communityId, requestKey: `fuzz:contact:${i}`, kind: 'call', direction: 'in', purpose: '模糊来电', followUp: { dueAt: new Date(), assigneeName: '模糊客服' }, followUpOpen: true, at: new Date(), day: localDay(new Date()), byId: staff.agent._id, byName: '模糊客服' }))._id));
  }
  const passes: string[] = [];
  const passCodes: string[] = [];
  for (const [i, [communityId, unitId, status]] of ([[a._id, own._id, 'approved'], [a._id, own._id, 'pending'], [b._id, uB._id, 'approved']] as const).entries()) {
    const code = `FUZZ${i}${'ABC'[i]}${'XYZ'[i]}${i}`;
    passes.push(String((await ReleasePass.create({ communityId, requestKey: `fuzz:pass:${i}`, code, unitId, unitLabel: '模糊房屋', items: '模糊物品', quantity: 1, carrierName: '模糊搬运', carrierPhone: '13800000188', date: localDay(new Date()), status, requestedById: owner._id, requestedByName: '模糊业主', requestedAs: 'owner' }))._id));
    passCodes.push(code);
  }

  // Renovation 装修出入证: a worker's pass of an in-progress renovation in A, and one in B (their open keys closed: they block no application).
  const workerPasses: string[] = [];
  const workerPassCodes: string[] = [];
  for (const [i, [communityId, unitId]] of ([[a._id, own._id], [b._id, uB._id]] as const).entries()) {
    const renovationId = new Types.ObjectId();
    const today = localDay(new Date());
    await WorkerPassRenovation.create({ _id: renovationId, communityId, unitId, buildingId: bA._id, unitLabel: '模糊房屋', no: `ZX-fuzz-${i}`, openKey: `${String(unitId)}:fuzz-renovation:${i}`, requestKey: `fuzz:renovation-pass:${i}`, ownerName: '模糊业主', status: 'in_progress', works: ['floor'], plannedStart: today, plannedEnd: today, permit: { no: `XK-fuzz-${i}`, validFrom: today, validTo: today, conditions: [], issuedAt: new Date(), byName: '模糊经理' }, rev: 0 });
    const code = `FZWK${i}ABC`;
    workerPasses.push(String((await RenovationPass.create({ communityId, renovationId, unitId, unitLabel: '模糊房屋', requestKey: `fuzz:worker-pass:${i}`, code, workerId: String(new Types.ObjectId()), name: '模糊工人', idNumber: '110101199003070003', status: 'active', rev: 0 }))._id));
    workerPassCodes.push(code);
  }

  // Renovation patrols: of the in-progress renovations above, an open task and one done with a violation (its 整改通知), in A and in B.
  const patrols: string[] = [];
  for (const r of await WorkerPassRenovation.find({ requestKey: { $in: ['fuzz:renovation-pass:0', 'fuzz:renovation-pass:1'] } }).lean()) {
    const base = { communityId: r.communityId, renovationId: r._id, unitId: r.unitId, unitLabel: r.unitLabel, kind: 'routine', dueOn: localDay(new Date()), rev: 0 };
    patrols.push(String((await RenovationPatrol.create({ ...base, status: 'open' }))._id));
    patrols.push(String((await RenovationPatrol.create({ ...base, dueOn: localDay(new Date(Date.now() - 86_400_000)), status: 'done', outcome: 'violation', checks: [{ key: 'rubbish', label: '垃圾清运', ok: false, note: '模糊违规' }], noticeNo: `${r.no}-ZG1`, severity: 'minor', deadline: localDay(new Date(Date.now() + 2 * 86_400_000)), violationOpen: true, byName: '模糊员工', doneAt: new Date() }))._id));
  }

  // Renovations (application): a draft of the owner's unit and of another unit in A, and one in B (open keys closed: they block no application).
  const renovations: string[] = [];
  for (const [i, [communityId, unitId]] of ([[a._id, own._id], [a._id, otherA._id], [b._id, uB._id]] as const).entries()) {
    const start = localDay(new Date(Date.now() + 2 * 86_400_000));
    const r = await WorkerPassRenovation.create({ communityId, unitId, buildingId: bA._id, unitLabel: '模糊房屋', no: `ZX-fuzz-app-${i}`, openKey: `${String(unitId)}:fuzz-application:${i}`, requestKey: `fuzz:renovation-application:${i}`, ownerName: '模糊业主', status: 'draft', works: ['floor'], workers: [{ name: '模糊工人', idNumber: '110101199003070003' }], plannedStart: start, plannedEnd: start, rev: 0 });
    renovations.push(String(r._id));
  }

  // Move-in (batches & bookings): a published batch of A with a waiting case of the owner's unit (one place booked), a draft of A, a batch of B.
  const moveInBatches: string[] = [];
  for (const [communityId, status] of [[a._id, 'published'], [a._id, 'draft'], [b._id, 'published']] as const) {
    moveInBatches.push(String((await MoveInBatch.create({ communityId, requestKey: `fuzz:batch:${moveInBatches.length}`, name: '模糊批次', buildingIds: [], startDay: localDay(new Date()), endDay: localDay(new Date(Date.now() + 3 * 86_400_000)), slots: [{ id: 's1', start: '09:00', end: '12:00', capacity: 3 }], status }))._id));
  }
  const moveIns: string[] = [];
  for (const [i, [communityId, unitId, batchId]] of ([[a._id, own._id, moveInBatches[0]], [b._id, uB._id, moveInBatches[2]]] as const).entries()) {
    const _id = new Types.ObjectId();
    await MoveIn.create({ _id, communityId, unitId, buildingId: bA._id, unitLabel: '模糊房屋', kind: 'batch', batchId, openKey: `${String(unitId)}:fuzz:${i}`, requestKey: `fuzz:movein:${i}`, buyer: { name: '模糊购房人' }, status: 'waiting', rev: 0, booking: { day: localDay(new Date()), slotId: 's1', slotLabel: '09:00–12:00' } });
    await MoveInBooking.create({ _id: `${batchId}:${localDay(new Date())}:s1:1`, communityId, batchId, moveInId: _id, unitId, buildingId: bA._id, day: localDay(new Date()), slotId: 's1', seat: 1, byId: owner._id, byName: '模糊业主' });
    moveIns.push(String(_id));
  }
  // Move-in papers: the owner's 身份证 on their case (photos of purpose 'paper'), and one in B.
  const paperPhotos: string[] = [];
  for (let i = 0; i < 2; i++) paperPhotos.push((await call<{ id: string }>('files', 'upload', { purpose: 'paper', fileName: `模糊资料${i}.png`, contentBase64: PNG }, 'owner')).id);
  const papers: string[] = [];
  for (const [i, [communityId, unitId, ownerId]] of ([[a._id, own._id, owner._id], [b._id, uB._id, owner._id]] as const).entries()) {
    const key = `${moveIns[i]}:${String(ownerId)}:idCard`;
    papers.push(String((await MoveInPaper.create({ communityId, moveInId: moveIns[i], unitId, ownerId, ownerName: '模糊业主', kind: 'idCard', key, fileIds: [], requestId: `fuzz-paper-${i}`, uploadedAt: new Date() }))._id));
  }

  // Notice boards (宣传栏): a board in A (with a posting up) and one in B (with a posting up).
  const boards: string[] = [];
  const boardPostings: string[] = [];
  for (const [i, communityId] of [a._id, b._id].entries()) {
    const board = await LifeBoard.create({ communityId, requestKey: `fuzz:board:${i}`, name: `模糊宣传栏${i}`, location: '模糊', status: 'active', rev: 0 });
    boards.push(String(board._id));
    boardPostings.push(String((await LifeBoardPosting.create({ communityId, boardId: board._id, boardName: board.name, kind: 'tip', title: '模糊张贴', postedOn: localDay(new Date()), removeOn: localDay(new Date(Date.now() + 3 * 86_400_000)), byName: '模糊员工', status: 'posted', rev: 0 }))._id));
  }

  // Surveys: a draft and a published one in A, a published one in B.
  const surveys: string[] = [];
  for (const [i, [communityId, status]] of ([[a._id, 'draft'], [a._id, 'published'], [b._id, 'published']] as const).entries()) {
    const survey = await LifeSurvey.create({ communityId, requestKey: `fuzz:survey:${i}`, kind: 'general', title: '模糊问卷', questions: [{ key: 'q1', kind: 'single', title: '模糊单选', options: ['甲', '乙'], required: true }, { key: 'q2', kind: 'text', title: '模糊填空', options: [], required: false }], audience: { kind: 'community', buildingIds: [] }, per: 'owner', repeat: 'replace', anonymous: i === 1, opensOn: localDay(new Date()), closesOn: localDay(new Date(Date.now() + 3 * 86_400_000)), status, rev: 0, createdByName: '模糊经理' });
    surveys.push(String(survey._id));
  }

  // Activities: a published one in A (a sign-up of the owner's unit) and one in B (a sign-up there).
  const activities: string[] = [];
  const activitySignups: string[] = [];
  for (const [i, [communityId, unitId]] of ([[a._id, own._id], [b._id, uB._id]] as const).entries()) {
    const day = localDay(new Date(Date.now() + 14 * 86_400_000));
    const activity = await LifeActivity.create({ communityId, requestKey: `fuzz:activity:${i}`, title: '模糊活动', day, startTime: '09:00', endTime: '11:00', place: '模糊广场', status: 'published', rev: 0, capacity: 5, placesPerHousehold: 2, signupDeadline: day, publishedAt: new Date(), createdByName: '模糊经理' });
    activities.push(String(activity._id));
    activitySignups.push(String((await LifeActivitySignup.create({ communityId, activityId: activity._id, unitId, unitLabel: '模糊房屋', userId: owner._id, name: '模糊业主', places: 1, status: 'confirmed', seq: `fuzz${i}`, code: `FZ${i}`, codeKey: `${String(activity._id)}:FZ${i}`, rev: 0 }))._id));
  }

  // Archives: in A and B a document of each of two categories (the contract one managers only), an
  // elevator, a contract and an open loan; growth: a built-in lesson and a custom one in each.
  const archiveDocs: string[] = [];
  const equipments: string[] = [];
  const archiveContracts: string[] = [];
  const archiveLoans: string[] = [];
  const lessons: string[] = [lessonIdOf('etiquette-appearance')];
  for (const [i, communityId] of [a._id, b._id].entries()) {
    const byId = new Types.ObjectId();
    const version = { no: 1, fileId: `f_${'0'.repeat(23)}${i}`, fileName: '模糊.pdf', mime: 'application/pdf', size: 10, at: new Date(), byId, byName: '模糊员工' };
    for (const category of ['equipment', 'contract'] as const) {
      archiveDocs.push(String((await ArchiveDoc.create({ communityId, requestKey: `fuzz:archiveDoc:${i}:${category}`, category, title: '模糊档案', searchText: '模糊档案', versions: [version], paper: { location: '模糊柜' }, byId, byName: '模糊员工' }))._id));
    }
    equipments.push(String((await Equipment.create({ communityId, requestKey: `fuzz:equipment:${i}`, kind: 'elevator', name: '模糊电梯', code: `FZ-${i}`, location: '模糊', status: 'active', byName: '模糊员工' }))._id));
    archiveContracts.push(String((await ArchiveContract.create({ communityId, requestKey: `fuzz:contract:${i}`, title: '模糊合同', party: '模糊公司', kind: 'cleaning', startOn: localDay(new Date()), endOn: localDay(new Date(Date.now() + 90 * 86_400_000)), amountFen: 100, status: 'active', byName: '模糊经理' }))._id));
    archiveLoans.push(String((await ArchiveLoan.create({ communityId, requestKey: `fuzz:loan:${i}`, docId: archiveDocs[i * 2], docTitle: '模糊档案', docCategory: 'equipment', borrowerName: '模糊业委会', purpose: '查阅', lentOn: localDay(new Date()), dueOn: localDay(new Date(Date.now() + 7 * 86_400_000)), status: 'open', byName: '模糊员工' }))._id));
    lessons.push(String((await CustomLesson.create({ communityId, course: 'custom', title: '模糊课程', minutes: 5, questions: [{ kind: 'single', text: '模糊题', options: ['甲', '乙'], answer: [0], explain: '模糊' }], passMark: 80, byName: '模糊经理' }))._id));
  }

  const p: Pools = {
    community: [String(a._id), String(b._id)],
    memberCommunity: [String(a._id), String(a._id), String(b._id)],
    building: ids([bA, bA2, bB]),
    unit: ids([own, otherA, vacantA, uB]),
    ownUnit: ids([own, own, otherA, uB]),
    spareUnit: ids(spares),
    resident: ids(residents),
    vehicle: ids(vehicles),
    parkingSpace: [space.id],
    staff: ids([staffA, staffB, staff.agent]),
    handler: ids([staff.agent, staff.manager, staffB, staffA]),
    technician: ids([staff.technician, staffA, staffB]),
    user: ids([owner, otherOwner, staff.agent, staffB]),
    bindingRequest: ids(binding),
    importBatch: [importBatch.importId],
    callTask: ids(tasks),
    repair: repairs,
    followUp: ids(followUps),
    notice: [notice.id],
    noticeAudience: [audience.id],
    feeItem: [item.id],
    payment: ids(payments),
    accountUnit: ids([own, own, otherA, uB]),
    invoiceRequest: ids(invoiceRequests),
    complaint: complaints,
    inquiry: inquiries,
    incident: incidents,
    article: articles,
    script: scripts,
    contact: contacts,
    releasePass: passes,
    passCode: passCodes,
    renovationPass: workerPasses,
    renovation: renovations,
    renovationPatrol: patrols,
    workerPassCode: workerPassCodes,
    bill: bills,
    photo: photos,
    message: messages,
    customTemplate: [custom.key],
    moveInBatch: moveInBatches,
    moveIn: moveIns,
    moveInPaper: papers,
    paperPhoto: paperPhotos,
    board: boards,
    boardPosting: boardPostings,
    survey: surveys,
    activity: activities,
    activitySignup: activitySignups,
    archiveDoc: archiveDocs,
    equipment: equipments,
    archiveContract: archiveContracts,
    archiveLoan: archiveLoans,
    lesson: lessons,
  };
  p.any = Object.values(p).flat();
  pools = p;
}

beforeAll(async () => {
  // The runner logs callers in again after logout/refresh: past the per-hour login limit for people.
  process.env.LOGIN_LIMIT_PER_HOUR = '1000000';
  // An H5 build to serve, so static paths (/index.html, /%2e%2e/…) are fuzzed too.
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'fuzz-h5-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>物业客服</title>');
  writeFileSync(path.join(staticDir, 'app.1a2b3c.js'), 'console.log(1)');
  stack = await startStack({ staticDir });
  port = Number(new URL(stack.baseUrl).port);
  expect(new URL(stack.baseUrl).hostname).toBe('127.0.0.1');
  await seedWorld();
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await stack.stop();
  // One line of figures, for whoever deepens the run.
  const statuses = [...seen.byStatus].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  if (process.env.FUZZ_TRACE) for (const a of ACTIONS) if (!seen.okActions.has(a.key)) process.stderr.write(`never 200: ${a.key} ${JSON.stringify([...(seen.codesByAction.get(a.key) ?? [])])}\n`);
  console.log(`fuzz seed ${SEED}: ${seen.cases} requests (${statuses}); ${seen.okActions.size}/${ACTIONS.length} actions answered 200 at least once; slowest ${seen.slowestMs} ms (${seen.slowest})`);
});

const now = new Date();
const kinds = ['unit', 'ownUnit', 'building', 'repair', 'complaint', 'notice', 'staff', 'user', 'community', 'bill', 'photo', 'incident', 'any'];

test('When every action gets near-valid, mutated and random inputs from every kind of caller, then each answer is a 2xx or a coded 4xx', async () => {
  await fc.assert(
    fc.asyncProperty(actionCases(now, kinds), (c) => runAction(c)),
    { seed: SEED, numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
}, 600_000);

test('When raw HTTP requests have odd paths, methods, headers, queries and bodies, then each answer is a 2xx or a coded 4xx', async () => {
  const fns = Object.keys(contracts);
  let i = 0;
  await fc.assert(
    fc.asyncProperty(httpCases(now, kinds), (c) => runHttp(c, () => fns[i++ % fns.length])),
    { seed: SEED, numRuns: HTTP_RUNS, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
  );
}, 600_000);

test('When the fuzzing is over, then the server still answers /healthz 200', async () => {
  const ans = await send('GET', '/healthz', {}, null);
  expect(ans.status).toBe(200);
  expect(JSON.parse(ans.text)).toEqual({ ok: true, db: 'up' });
});
