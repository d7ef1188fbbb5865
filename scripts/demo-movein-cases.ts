import { mongoose } from '../cloud/lib/db';
import { Unit } from '../cloud/modules/community/community.model';
import { upload } from '../cloud/modules/files';
import { User } from '../cloud/modules/identity/user.model';
import { caseDetail, checkIdentity, completeCase, createCase, handOverKeys, issueCards, payFees, signAgreements, startCase, tickStep } from '../cloud/modules/movein';
import { MoveIn } from '../cloud/modules/movein/movein.model';
import { rgbPng, staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/** A signature-like PNG (a dark stroke on white, like the pad's export), so the demo case shows and prints its signatures. */
function signaturePng(seed: number, width = 240, height = 90): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  const ink = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const px = Math.round(x) + dx;
        const py = Math.round(y) + dy;
        if (px >= 0 && px < width && py >= 0 && py < height) raw.fill(30, py * (width * 3 + 1) + 1 + px * 3, py * (width * 3 + 1) + 4 + px * 3);
      }
  };
  for (let t = 0; t <= 1; t += 0.0015) {
    const x = 20 + t * 200;
    ink(x, 45 + 22 * Math.sin(t * (9 + seed)) * Math.cos(t * 3) - 10 * t);
  }
  return rgbPng(width, height, raw);
}

/**
 * Demo 入伙手续书 of 幸福里小区 (movein.md "The 入伙手续书 (checklist)"), run by the agent 王芳 through the
 * module's own services: one move-in **done** — identity, papers, fees, the agreements and the keys
 * signed (signature images), 验房 confirmed, cards issued, the owner bound and the unit 自住 — and one
 * **in progress** (identity and papers done; its 验房 follows in demo-movein-defects.ts). The cases are
 * the batch's booked ones (scripts/demo-movein-batch.ts; the demo buyer's own case is left waiting
 * for the browser test), else 零散入住 cases of two vacant units. Seeding again changes nothing (a
 * community with a case started or done is seeded already).
 */
export async function seedDemoMoveInCases(communityId: Id): Promise<{ done: number; inProgress: number }> {
  const agent = await User.findOne({ communityId, phone: '13800000011' }).lean();
  if (!agent) return { done: 0, inProgress: 0 };
  if (await MoveIn.exists({ communityId, status: { $in: ['in_progress', 'done'] } })) return { done: 0, inProgress: 0 };
  const caller = staffCaller(agent, 'agent', communityId);

  // The batch's booked cases (not the demo buyer's: the browser test books and runs that one).
  const booked = await MoveIn.find({ communityId, status: 'waiting', 'booking.day': { $exists: true }, ownerUserId: { $exists: false } }).sort({ 'booking.day': 1, unitLabel: 1 }).limit(2).lean();
  const ids = booked.map((c) => String(c._id));
  if (ids.length < 2) {
    const vacant = await Unit.find({ communityId, status: 'vacant' }).sort({ label: 1 }).limit(2 - ids.length).lean();
    const buyers = [
      { name: '周明轩', phone: '13700000061', idNumber: '330106198508151237' },
      { name: '刘雨桐', phone: '13700000062', idNumber: '110101199003070003' },
    ];
    for (const [i, u] of vacant.entries()) {
      const c = await createCase(caller, { kind: 'single', unitId: String(u._id), buyer: buyers[i], requestId: `demo-movein-single-${String(u._id)}` });
      ids.push(c.id);
    }
  }
  const [doneId, progressId] = ids;
  let done = 0;
  let inProgress = 0;

  const sign = async (name: string, seed: number) => (await upload(caller, { purpose: 'signature', fileName: `${name}.png`, contentBase64: signaturePng(seed).toString('base64') })).id;
  const begin = async (id: string) => {
    const c = await startCase(caller, { moveInId: id });
    const recorded = (await MoveIn.findById(id, { 'buyer.idNumber': 1 }).lean())?.buyer?.idNumber;
    await checkIdentity(caller, { moveInId: id, idNumber: recorded || '110101199003070003' });
    await tickStep(caller, { moveInId: id, step: 'documents', note: '购房合同复印件、身份证复印件、入住通知书' });
    return c;
  };

  if (doneId) {
    const c = await begin(doneId);
    const due = (await caseDetail(caller, { moveInId: doneId })).fees.dueFen;
    if (due > 0) await payFees(caller, { moveInId: doneId, amountFen: due, method: 'pos', receiptNo: `RZ-${c.unitLabel.replace(/\D/g, '').slice(-6) || '000001'}`, requestId: `demo-movein-pay-${doneId}` });
    else await tickStep(caller, { moveInId: doneId, step: 'fees', note: '入住费用已在收费处缴清' });
    await signAgreements(caller, { moveInId: doneId, signer: c.buyer.name, fileId: await sign('签署协议', 1) });
    await tickStep(caller, { moveInId: doneId, step: 'inspection', note: '业主本人验房，无问题' });
    await handOverKeys(caller, { moveInId: doneId, keys: [{ name: '入户门钥匙', count: 3 }, { name: '信报箱钥匙', count: 2 }, { name: '电表箱钥匙', count: 1 }], signer: c.buyer.name, fileId: await sign('钥匙签收', 2) });
    await issueCards(caller, { moveInId: doneId, cards: [{ kind: 'owner', number: 'YZ-20261201' }, { kind: 'access', number: 'MJ-0302-01' }] });
    await completeCase(caller, { moveInId: doneId, occupancy: 'occupied', requestId: `demo-movein-done-${doneId}` });
    done = 1;
  }
  if (progressId) {
    await begin(progressId);
    inProgress = 1;
  }
  return { done, inProgress };
}
