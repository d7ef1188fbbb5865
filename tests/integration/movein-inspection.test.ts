import { Types } from 'mongoose';
import type { MoveInInspectionView } from '@shared/contracts/movein-inspection.contract';
import { stepsFor, DEFAULT_REQUIRED_STEPS, type MoveInStatus } from '@shared/domain/movein';
import { WARRANTY_CATEGORY } from '@shared/domain/repairs';
import { setClock } from '../../cloud/lib/clock';
import { logger } from '../../cloud/lib/logger';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { runHousekeeping } from '../../cloud/modules/housekeeping';
import { MoveInDefect, MoveInInspection } from '../../cloud/modules/movein/inspection.model';
import { MoveIn, MoveInSettings } from '../../cloud/modules/movein/movein.model';
import { MoveInPaper } from '../../cloud/modules/movein/paper.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { makeBuilding, makeCommunity, makeOwner, makeUnit } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * 验房 and owners' papers (movein.md "Inspection (验房) and owners' papers"): each defect becomes a
 * 维保 repair order dispatched to the warranty technician (or by the repairs module's dispatch),
 * followed and rated by the buyer; the checklist's 验房 step is ticked; papers are private to
 * staff and their uploader and deleted after the retention.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const DAY = 24 * 3600_000;

async function asPerson(user: { _id: Types.ObjectId; name: string }): Promise<Person> {
  const { loginAs } = await import('../helpers/factories');
  const { WechatIdentity } = await import('../../cloud/modules/identity/user.model');
  const token = await loginAs(stack, user._id);
  const ident = await WechatIdentity.findOne({ userId: user._id }).lean();
  return { id: String(user._id), _id: user._id, name: user.name, token, openid: ident!.openid };
}

/** A community with a unit handed over, its buyer (bound owner), a move-in case, staff. */
async function world(opts: { status?: MoveInStatus; warranty?: boolean } = {}) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '9栋');
  const unit = await makeUnit(c._id, b._id, { room: '1201', status: 'vacant' });
  const buyerUser = await makeOwner(c._id, [unit._id], '林买房', '13911112222');
  const buyer = await asPerson(buyerUser);
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '何客服' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '严经理' });
  const warrantyTech = await staff(stack, c._id, { roles: ['technician'], name: '开发商维保张工', skills: [], onDuty: false });
  const ourTech = await staff(stack, c._id, { roles: ['technician'], name: '钱师傅', skills: ['水电'], onDuty: true });
  if (opts.warranty !== false) {
    await MoveInSettings.create({ _id: String(c._id), communityId: c._id, requiredSteps: [...DEFAULT_REQUIRED_STEPS], documentRetentionDays: 30, warrantyTechnicianId: warrantyTech._id, byName: '严经理', at: clock });
  }
  const moveIn = await MoveIn.create({
    communityId: c._id,
    unitId: unit._id,
    buildingId: b._id,
    unitLabel: unit.label,
    kind: 'single',
    openKey: String(unit._id),
    requestKey: `test:${rid()}`,
    buyer: { name: '林买房', phone: '13911112222', idNumber: '110101199001011234' },
    ownerUserId: buyerUser._id,
    status: opts.status ?? 'in_progress',
    steps: stepsFor(DEFAULT_REQUIRED_STEPS),
    ...(opts.status === 'done' ? { doneAt: clock } : {}),
  });
  const upload = async (p: Person, purpose: 'repair' | 'paper' = 'repair') => ok(await stack.invoke('files', 'upload', { purpose, fileName: 'a.png', contentBase64: PNG.toString('base64') }, p.token), 'upload').id;
  return { c, unit, buyer, agent, manager, warrantyTech, ourTech, moveInId: String(moveIn._id), upload };
}
type World = Awaited<ReturnType<typeof world>>;

/** One round: the kitchen checked, its waterproofing leaking (a defect with a photo). */
async function inspectWithDefect(w: World, requestId = rid()): Promise<MoveInInspectionView> {
  const photo = await w.upload(w.agent);
  const res = await stack.invoke(
    'movein',
    'submitInspection',
    {
      moveInId: w.moveInId,
      requestId,
      checks: [
        { room: 'kitchen', item: 'surfaces', ok: true },
        { room: 'kitchen', item: 'waterproofing', ok: false },
        { room: 'livingRoom', item: 'doorsWindows', ok: true },
      ],
      defects: [{ room: 'kitchen', item: 'waterproofing', description: '水槽下方墙角有渗水痕迹', photoIds: [photo] }],
    },
    w.agent.token,
  );
  return ok(res, 'submitInspection');
}

describe('inspection defects become warranty repairs', () => {
  test('When an inspection finds a defect, then a 维保 repair is made for the unit, dispatched to the warranty technician, and the 验房 step is ticked', async () => {
    const w = await world();
    const view = await inspectWithDefect(w);
    expect(view.rounds).toHaveLength(1);
    expect(view.stepDone).toBe(true);
    expect(view.warrantyTo).toBe('开发商维保张工');
    expect(view.defects).toHaveLength(1);
    const d = view.defects[0];
    expect(d).toMatchObject({ room: 'kitchen', item: 'waterproofing', round: 1 });
    expect(d.repair).toMatchObject({ status: 'dispatched', assigneeName: '开发商维保张工' });
    const order = await Repair.findById(d.repair!.id).lean();
    expect(order).toMatchObject({ category: WARRANTY_CATEGORY, channel: 'inspection', area: 'home', contactName: '林买房', contactPhone: '13911112222' });
    expect(String(order!.unitId)).toBe(String(w.unit._id));
    expect(String(order!.ownerId)).toBe(w.buyer.id);
    expect(String(order!.assigneeId)).toBe(w.warrantyTech.id);
    expect(order!.deadlines?.complete).toBeTruthy();
    const moveIn = await MoveIn.findById(w.moveInId).lean();
    expect(moveIn!.steps.find((s) => s.key === 'inspection')).toMatchObject({ done: true });
  });

  test('When the same inspection is submitted twice, then one round, one defect and one repair exist', async () => {
    const w = await world();
    const requestId = rid();
    const first = await inspectWithDefect(w, requestId);
    const again = ok(
      await stack.invoke(
        'movein',
        'submitInspection',
        {
          moveInId: w.moveInId,
          requestId,
          checks: [
            { room: 'kitchen', item: 'surfaces', ok: true },
            { room: 'kitchen', item: 'waterproofing', ok: false },
            { room: 'livingRoom', item: 'doorsWindows', ok: true },
          ],
          defects: [{ room: 'kitchen', item: 'waterproofing', description: '水槽下方墙角有渗水痕迹', photoIds: [(await MoveInDefect.findOne({ moveInId: w.moveInId }).lean())!.photoIds[0]] }],
        },
        w.agent.token,
      ),
    );
    expect(again.defects.map((d) => d.repair?.id)).toEqual(first.defects.map((d) => d.repair?.id));
    expect(await MoveInInspection.countDocuments({ moveInId: w.moveInId })).toBe(1);
    expect(await MoveInDefect.countDocuments({ moveInId: w.moveInId })).toBe(1);
    expect(await Repair.countDocuments({ communityId: w.c._id })).toBe(1);
  });

  test('When no warranty technician is set, then the repairs module dispatches the 维保 order by its own rules (nobody has the skill: flagged for the managers)', async () => {
    const w = await world({ warranty: false });
    const view = await inspectWithDefect(w);
    const order = await Repair.findById(view.defects[0].repair!.id).lean();
    expect(order).toMatchObject({ status: 'submitted', category: WARRANTY_CATEGORY });
    expect(order!.flags).toContain('unassigned');
    // A manager may give it to any technician (维保 needs no skill of ours).
    const assigned = ok(await stack.invoke('repairs', 'assign', { repairId: String(order!._id), technicianId: w.ourTech.id }, w.manager.token));
    expect(assigned).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
  });

  test('When the warranty technician finishes, then the owner sees the defect with its repair among their repairs and rates it', async () => {
    const w = await world();
    const view = await inspectWithDefect(w);
    const repairId = view.defects[0].repair!.id;
    const tech = w.warrantyTech;
    ok(await stack.invoke('repairs', 'accept', { repairId }, tech.token), 'accept');
    ok(await stack.invoke('repairs', 'arrive', { repairId }, tech.token), 'arrive');
    ok(await stack.invoke('repairs', 'complete', { repairId, afterPhotoIds: [await w.upload(tech)], materials: [] }, tech.token), 'complete');
    const mine = ok(await stack.invoke('movein', 'myDefects', {}, w.buyer.token));
    expect(mine.cases).toHaveLength(1);
    expect(mine.cases[0]).toMatchObject({ moveInId: w.moveInId, inspected: true });
    expect(mine.cases[0].defects[0].repair).toMatchObject({ id: repairId, status: 'completed' });
    const repairs = ok(await stack.invoke('repairs', 'mine', { state: 'all' }, w.buyer.token));
    expect(repairs.items.map((r) => r.id)).toContain(repairId);
    const rated = ok(await stack.invoke('repairs', 'rate', { repairId, overall: 5, speed: 5, attitude: 5 }, w.buyer.token));
    expect(rated.status).toBe('rated');
  });

  test('When a 复验 after move-in finds another defect, then a second round adds it and the first stays', async () => {
    const w = await world();
    await inspectWithDefect(w);
    await MoveIn.updateOne({ _id: w.moveInId }, { $set: { status: 'done', doneAt: clock } });
    const photo = await w.upload(w.agent);
    const view = ok(
      await stack.invoke(
        'movein',
        'submitInspection',
        { moveInId: w.moveInId, requestId: rid(), checks: [{ room: 'bathroom', item: 'plumbing', ok: false }], defects: [{ room: 'bathroom', item: 'plumbing', description: '地漏排水缓慢', photoIds: [photo] }], note: '业主预约复验' },
        w.agent.token,
      ),
    );
    expect(view.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(view.defects.map((d) => [d.round, d.room])).toEqual([
      [1, 'kitchen'],
      [2, 'bathroom'],
    ]);
    expect(view.defects.every((d) => d.repair)).toBe(true);
  });

  test('When a defect names an item its room does not have, or a failed item has no defect, then 400 and nothing is written', async () => {
    const w = await world();
    const photo = await w.upload(w.agent);
    const gas = err(await stack.invoke('movein', 'submitInspection', { moveInId: w.moveInId, requestId: rid(), checks: [{ room: 'masterBedroom', item: 'gas', ok: false }], defects: [{ room: 'masterBedroom', item: 'gas', description: '卧室燃气管', photoIds: [photo] }] }, w.agent.token));
    expect(gas.code).toBe('VALIDATION');
    const silent = err(await stack.invoke('movein', 'submitInspection', { moveInId: w.moveInId, requestId: rid(), checks: [{ room: 'kitchen', item: 'gas', ok: false }], defects: [] }, w.agent.token));
    expect(silent.code).toBe('VALIDATION');
    // Someone else's photo cannot be attached.
    const foreign = await w.upload(w.buyer);
    const stolen = err(await stack.invoke('movein', 'submitInspection', { moveInId: w.moveInId, requestId: rid(), checks: [{ room: 'kitchen', item: 'gas', ok: false }], defects: [{ room: 'kitchen', item: 'gas', description: '燃气表接口松动', photoIds: [foreign] }] }, w.agent.token));
    expect(stolen.code).toBe('FILE.NOT_FOUND');
    expect(await MoveInInspection.countDocuments({ moveInId: w.moveInId })).toBe(0);
    expect(await Repair.countDocuments({ communityId: w.c._id })).toBe(0);
  });

  test('When an owner, a technician or another community tries the inspection, then it is refused', async () => {
    const w = await world();
    const other = await world();
    const body = { moveInId: w.moveInId, requestId: rid(), checks: [{ room: 'kitchen' as const, item: 'surfaces' as const, ok: true }], defects: [] };
    expect(err(await stack.invoke('movein', 'submitInspection', body, w.buyer.token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await stack.invoke('movein', 'inspection', { moveInId: w.moveInId }, w.ourTech.token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await stack.invoke('movein', 'submitInspection', body, other.agent.token)).code).toBe('MOVEIN.NOT_FOUND');
    // Another owner of the community does not see this case's defects.
    await inspectWithDefect(w);
    expect(ok(await stack.invoke('movein', 'myDefects', {}, other.buyer.token)).cases.flatMap((c) => c.defects)).toHaveLength(0);
  });
});

describe("owners' papers", () => {
  async function uploadPaper(w: World, kind: 'idCard' | 'purchaseContract' = 'idCard', p: Person = w.buyer) {
    const fileIds = [await w.upload(p, 'paper'), await w.upload(p, 'paper')];
    const res = await stack.invoke('movein', 'uploadPaper', { moveInId: w.moveInId, requestId: rid(), kind, fileIds }, p.token);
    return { paper: ok(res, 'uploadPaper'), fileIds };
  }

  test('When the owner uploads their 身份证, then they see only kind and time, and staff see it through expiring links', async () => {
    const w = await world();
    const { paper, fileIds } = await uploadPaper(w);
    expect(paper).toEqual({ id: paper.id, kind: 'idCard', photoCount: 2, uploadedAt: clock.toISOString() });
    const mine = ok(await stack.invoke('movein', 'myPapers', {}, w.buyer.token));
    expect(mine.cases[0]).toMatchObject({ moveInId: w.moveInId, canChange: true, papers: [paper] });
    expect(JSON.stringify(mine)).not.toMatch(/url|f_/);
    const list = ok(await stack.invoke('movein', 'papers', { moveInId: w.moveInId }, w.agent.token));
    expect(list).toEqual([{ id: paper.id, kind: 'idCard', ownerName: '林买房', photoCount: 2, uploadedAt: clock.toISOString() }]);
    expect(JSON.stringify(list)).not.toMatch(/url|f_/);
    const photos = ok(await stack.invoke('movein', 'paperPhotos', { paperId: paper.id }, w.agent.token));
    expect(photos.photos.map((p) => p.id)).toEqual(fileIds);
    const res = await fetch(`${stack.baseUrl}${photos.photos[0].url}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('When another owner, a technician or staff of another community asks for a paper, then 404 or 403, and a paper photo cannot be slipped into a repair', async () => {
    const w = await world();
    const other = await world();
    const { paper, fileIds } = await uploadPaper(w);
    expect(err(await stack.invoke('movein', 'paperPhotos', { paperId: paper.id }, other.agent.token)).code).toBe('MOVEIN.PAPER_NOT_FOUND');
    expect(err(await stack.invoke('movein', 'deletePaper', { paperId: paper.id }, other.buyer.token)).code).toBe('MOVEIN.PAPER_NOT_FOUND');
    expect(err(await stack.invoke('movein', 'paperPhotos', { paperId: paper.id }, w.ourTech.token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await stack.invoke('movein', 'papers', { moveInId: w.moveInId }, w.buyer.token)).code).toBe('AUTH.FORBIDDEN');
    // A second owner of the same unit (family member) does not see the first one's papers.
    const spouse = await asPerson(await makeOwner(w.c._id, [w.unit._id], '林太太'));
    expect(err(await stack.invoke('movein', 'deletePaper', { paperId: paper.id }, spouse.token)).code).toBe('MOVEIN.PAPER_NOT_FOUND');
    expect(ok(await stack.invoke('movein', 'myPapers', {}, spouse.token)).cases[0].papers).toEqual([]);
    // The owner's paper photo is refused as a repair photo (it would be shown to technicians).
    const slipped = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: String(w.unit._id), category: '水电', description: '插座没有电，请检查', photoIds: [fileIds[0]] }, w.buyer.token));
    expect(slipped.code).toBe('FILE.NOT_FOUND');
    // And a repair photo is refused as a paper.
    const repairPhoto = await w.upload(w.buyer);
    expect(err(await stack.invoke('movein', 'uploadPaper', { moveInId: w.moveInId, requestId: rid(), kind: 'idCard', fileIds: [repairPhoto] }, w.buyer.token)).code).toBe('FILE.NOT_FOUND');
  });

  test('When the owner replaces or deletes a paper, then the old photos are gone (record and bytes); once the case is done, 409', async () => {
    const w = await world();
    const first = await uploadPaper(w);
    const second = await uploadPaper(w);
    expect(second.paper.id).toBe(first.paper.id);
    expect(await StoredFile.countDocuments({ _id: { $in: first.fileIds } })).toBe(0);
    expect(await StoredFile.countDocuments({ _id: { $in: second.fileIds } })).toBe(2);
    ok(await stack.invoke('movein', 'deletePaper', { paperId: second.paper.id }, w.buyer.token));
    expect(await StoredFile.countDocuments({ _id: { $in: second.fileIds } })).toBe(0);
    expect(await MoveInPaper.countDocuments({ moveInId: w.moveInId })).toBe(0);
    const third = await uploadPaper(w, 'purchaseContract');
    await MoveIn.updateOne({ _id: w.moveInId }, { $set: { status: 'done', doneAt: clock } });
    expect(err(await stack.invoke('movein', 'deletePaper', { paperId: third.paper.id }, w.buyer.token)).code).toBe('MOVEIN.PAPERS_CLOSED');
    expect(err(await stack.invoke('movein', 'uploadPaper', { moveInId: w.moveInId, requestId: rid(), kind: 'idCard', fileIds: [await w.upload(w.buyer, 'paper')] }, w.buyer.token)).code).toBe('MOVEIN.PAPERS_CLOSED');
    expect(ok(await stack.invoke('movein', 'myPapers', {}, w.buyer.token)).cases[0]).toMatchObject({ canChange: false, papers: [{ kind: 'purchaseContract' }] });
  });

  test('When the retention has passed since the case was done, then housekeeping deletes the papers (record and bytes); before it, they stay', async () => {
    const w = await world();
    const open = await world();
    const { fileIds } = await uploadPaper(w);
    const kept = await uploadPaper(open);
    await MoveIn.updateOne({ _id: w.moveInId }, { $set: { status: 'done', doneAt: clock } });
    // 29 days later (the community keeps papers 30 days): nothing goes.
    clock = new Date(DAYTIME.getTime() + 29 * DAY);
    await runHousekeeping({ scope: { communityIds: [String(w.c._id)] } });
    expect(await MoveInPaper.countDocuments({ moveInId: w.moveInId })).toBe(1);
    clock = new Date(DAYTIME.getTime() + 31 * DAY);
    // A manager's run of another community leaves them alone.
    await runHousekeeping({ scope: { communityIds: [String(open.c._id)] } });
    expect(await MoveInPaper.countDocuments({ moveInId: w.moveInId })).toBe(1);
    const report = await runHousekeeping({ scope: { communityIds: [String(w.c._id), String(open.c._id)] } });
    expect(report.deleted.moveInPapers).toBe(1);
    expect(await MoveInPaper.countDocuments({ moveInId: w.moveInId })).toBe(0);
    expect(await StoredFile.countDocuments({ _id: { $in: fileIds } })).toBe(0);
    // The open case's papers stay.
    expect(await MoveInPaper.countDocuments({ moveInId: open.moveInId })).toBe(1);
    expect(await StoredFile.countDocuments({ _id: { $in: kept.fileIds } })).toBe(2);
  });

  test('When papers are uploaded and viewed, then no log line carries their file ids', async () => {
    const w = await world();
    const lines: string[] = [];
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args))));
    try {
      const { paper, fileIds } = await uploadPaper(w);
      ok(await stack.invoke('movein', 'paperPhotos', { paperId: paper.id }, w.agent.token));
      for (const id of fileIds) expect(lines.join('\n')).not.toContain(id);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
