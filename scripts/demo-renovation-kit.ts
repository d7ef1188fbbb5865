import { chineseDate } from '@shared/domain/calendar';
import { idCheckCharacter } from '@shared/domain/contact';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { neighbourUnitIds, NEIGHBOUR_NOTICE_TEMPLATE } from '@shared/domain/renovation-permit';
import type { Caller } from '../cloud/lib/caller';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Community, Unit } from '../cloud/modules/community/community.model';
import { recordedOwners, unitsOf } from '../cloud/modules/community';
import { accountOf, recordPayment } from '../cloud/modules/fees';
import { upload } from '../cloud/modules/files';
import { User } from '../cloud/modules/identity/user.model';
import { approve, create, review, sign, start, submit } from '../cloud/modules/renovation';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { signaturePng, staffCaller } from './demo-kit';
import { seedPublishedNotice } from './demo-notices';

type Id = mongoose.Types.ObjectId;

/**
 * What the renovation demo parts share (scripts/demo-renovation-*.ts): the staff who act (王芳, agent;
 * 孙涛, manager), the units they pick, and the way from an application to works on site, through the
 * module's services.
 */

/** A made-up but well-formed ID number (valid check character). */
export const idNumber = (first17: string) => first17 + idCheckCharacter(first17);

export interface DemoRenovationStaff {
  communityId: Id;
  community: { name: string };
  agent: { _id: Id; name: string };
  agentCaller: Caller;
  managerCaller: Caller;
}

/** 王芳 (agent, 13800000011) and 孙涛 (manager, 13800000041) of the community; null when the demo has not got them. */
export async function demoRenovationStaff(communityId: Id): Promise<DemoRenovationStaff | null> {
  const [agent, manager, community] = await Promise.all([
    User.findOne({ communityId, phone: '13800000011' }).lean(),
    User.findOne({ communityId, phone: '13800000041' }).lean(),
    Community.findById(communityId, { name: 1 }).lean(),
  ]);
  if (!agent || !manager || !community) return null;
  return { communityId, community, agent, agentCaller: staffCaller(agent, 'agent', communityId), managerCaller: staffCaller(manager, 'manager', communityId) };
}

/** Whether the agent's application of this request id exists (a demo case seeded before is skipped). */
export async function demoRenovationExists(agentId: Id, requestId: string): Promise<boolean> {
  return Boolean(await Renovation.exists({ requestKey: `renovation:${String(agentId)}:${requestId}` }));
}

export interface DemoRenovationUnit {
  _id: Id;
  label: string;
  buildingId: Id;
}

/**
 * The first of `labels` not in `used` with a recorded owner and free of renovations: of any renovation
 * (`free: 'any'`) or of an open one (`free: 'open'`). The unit taken is added to `used`.
 */
export async function nextDemoUnit(communityId: Id, labels: readonly string[], used: Set<string>, free: 'any' | 'open'): Promise<{ unit: DemoRenovationUnit; owner: { name: string; phone: string } } | null> {
  for (const label of labels) {
    if (used.has(label)) continue;
    const u = await Unit.findOne({ communityId, label }).lean();
    if (!u || (await Renovation.exists(free === 'any' ? { unitId: u._id } : { openKey: String(u._id) }))) continue;
    const [owner] = await recordedOwners(communityId, [u._id]);
    if (!owner) continue;
    used.add(label);
    return { unit: { _id: u._id, label: u.label, buildingId: u.buildingId }, owner };
  }
  return null;
}

type ApplicationFields = Omit<Parameters<typeof create>[1], 'requestId' | 'unitId' | 'owner'>;

/** How far a demo application goes, and what is said on the way. */
export type DemoRenovationPlan = {
  requestId: string;
  unit: DemoRenovationUnit;
  owner: { name: string; phone: string };
  application: ApplicationFields;
  /** The owner signs with the PNG of this seed, the contractor's foreman with the next (unused for a draft). */
  signatureSeed: number;
  /** The agent's review (default: the rubbish condition, 资料齐全). */
  review?: { conditions: string[]; note: string };
  /** The manager's approval conditions (default none). */
  approvalConditions?: string[];
} & (
  | { until: 'draft' | 'submitted' | 'reviewed' | 'approved' }
  | {
      until: 'in_progress';
      /** Paid at the desk before the start: the receipt and its note. */
      payment: { receiptNo: string; note: string };
      /** The works as the neighbours' notice names them. */
      noticeWorks: string;
    }
);

const DEFAULT_REVIEW = { conditions: ['装修垃圾须袋装，每日运至指定地点，不得堆放在楼道、走廊'], note: '资料齐全' };

/**
 * A demo renovation through the module's services, up to `plan.until`: created by the agent for the
 * owner (a draft), signed on the phone by the owner and the contractor's foreman (承诺书 and 协议书), submitted,
 * reviewed by the agent, approved by the manager (the renovation fees billed), then — to start — paid at
 * the desk (everything due on the unit's account: payments settle the oldest bills first), the
 * 装修施工告知 seeded as the start publishes it (without WeChat's content check: a seed has no WeChat),
 * and started. Returns the renovation's id.
 */
export async function seedDemoRenovation(staff: DemoRenovationStaff, plan: DemoRenovationPlan): Promise<string> {
  const { communityId, agentCaller, managerCaller } = staff;
  const { unit, owner, application } = plan;
  const r = await create(agentCaller, { requestId: plan.requestId, unitId: String(unit._id), owner: { name: owner.name, phone: owner.phone }, ...application });
  if (plan.until === 'draft') return r.id;
  await signDemoRenovation(agentCaller, r.id, { owner: owner.name, foreman: application.contractor.foreman }, plan.signatureSeed);
  await submit(agentCaller, r.id);
  if (plan.until === 'submitted') return r.id;

  await review(agentCaller, { renovationId: r.id, ...(plan.review ?? DEFAULT_REVIEW) });
  if (plan.until === 'reviewed') return r.id;

  await approve(managerCaller, { renovationId: r.id, exceptions: [], conditions: plan.approvalConditions ?? [] });
  if (plan.until !== 'in_progress') return r.id; // 'approved'

  const account = await accountOf(communityId, unit._id);
  const due = account.bills.filter((b) => b.status === 'open').reduce((s, b) => s + b.dueFen, 0);
  if (due > 0) await recordPayment(managerCaller, { unitId: String(unit._id), amountFen: due, method: 'pos', receiptNo: plan.payment.receiptNo, note: plan.payment.note });
  const units = (await unitsOf({ communityIds: [String(communityId)] })).filter((u) => String(u.buildingId) === String(unit.buildingId));
  const me = units.find((u) => String(u._id) === String(unit._id));
  const neighbours = me ? neighbourUnitIds(me, units) : [];
  if (neighbours.length) {
    const t = NOTICE_LIBRARY.find((x) => x.key === NEIGHBOUR_NOTICE_TEMPLATE)!;
    await seedPublishedNotice({
      communityId,
      communityName: staff.community.name,
      manager: { _id: staff.agent._id, name: staff.agent.name },
      requestId: `renovation-start-${r.id}`,
      templateKey: t.key,
      values: { unit: unit.label, startDate: chineseDate(application.plannedStart), endDate: chineseDate(application.plannedEnd), works: plan.noticeWorks, contractor: application.contractor.company, contactPhone: '0571-88886666' },
      category: t.category,
      pinned: false,
      target: { kind: 'units', unitIds: neighbours },
      targetText: `${neighbours.length}户相邻住户`,
      unitIds: neighbours,
      publishAt: now(),
    });
  }
  await start(agentCaller, { renovationId: r.id });
  return r.id;
}

/** The owner and the foreman sign the 承诺书 and 协议书 (the owner with the PNG of `seed`, the foreman with `seed + 1`). */
async function signDemoRenovation(caller: Caller, renovationId: string, names: { owner: string; foreman: string }, seed: number): Promise<void> {
  const signature = async (s: number) => (await upload(caller, { purpose: 'signature', fileName: `签名${s}.png`, contentBase64: signaturePng(s).toString('base64') })).id;
  await sign(caller, { renovationId, signer: 'owner', name: names.owner, papers: ['pledge', 'agreement'], fileId: await signature(seed) });
  await sign(caller, { renovationId, signer: 'contractor', name: names.foreman, papers: ['pledge', 'agreement'], fileId: await signature(seed + 1) });
}
