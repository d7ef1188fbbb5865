import { mongoose } from '../cloud/lib/db';
import { User } from '../cloud/modules/identity/user.model';
import { upload } from '../cloud/modules/files';
import { saveSettings, submitInspection } from '../cloud/modules/movein';
import { MoveInSettings } from '../cloud/modules/movein/movein.model';
import { DEFAULT_REQUIRED_STEPS } from '../shared/domain/movein';
import { rgbPng, staffCaller } from './demo-kit';
import { MoveInInspection } from '../cloud/modules/movein/inspection.model';
import { MoveIn } from '../cloud/modules/movein/movein.model';

type Id = mongoose.Types.ObjectId;

/** A small PNG (a pale wall with a dark diagonal crack), so the demo defect has a photo to show. */
export function crackPhoto(size = 96): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < size; x++) {
      const crack = Math.abs(x - y - Math.round(6 * Math.sin(y / 9))) <= 1;
      const shade = crack ? 70 : 226 - ((x * 7 + y * 3) % 11);
      raw.fill(shade, row + 1 + x * 3, row + 4 + x * 3);
    }
  }
  return rgbPng(size, size, raw);
}

/**
 * Demo 验房 of 幸福里小区 (movein.md "Inspection (验房) and owners' papers"): on a move-in case in
 * progress (scripts/demo-movein-cases.ts), 王芳 inspected the flat — the living room and bedroom
 * fine, a crack in the master bedroom's wall — and the crack became a 维保 repair order through the
 * repairs module, dispatched to the warranty contact the demo's move-in settings name (陈磊). Made through the module's own
 * service with a fixed request id per case: seeding twice changes nothing. Without a case in
 * progress (the other demo parts not seeded) it does nothing.
 */
export async function seedDemoMoveInDefects(communityId: Id): Promise<{ inspections: number; defects: number }> {
  const agent = await User.findOne({ communityId, phone: '13800000011' }).lean();
  if (!agent) return { inspections: 0, defects: 0 };
  // The developer's warranty contact (维保) is 陈磊's account in the demo: inspection defects go to him at once.
  const [manager, warranty] = await Promise.all([User.findOne({ communityId, phone: '13800000041' }).lean(), User.findOne({ communityId, phone: '13800000022' }).lean()]);
  if (manager && warranty && !(await MoveInSettings.exists({ _id: String(communityId) }))) {
    await saveSettings(staffCaller(manager, 'manager', communityId), { requiredSteps: [...DEFAULT_REQUIRED_STEPS], documentRetentionDays: 180, warrantyTechnicianId: String(warranty._id) });
  }
  const cases = await MoveIn.find({ communityId, status: 'in_progress' }).sort({ createdAt: 1, _id: 1 }).lean();
  // The case whose buyer has an app account (they see the defect), else the first one in progress.
  const moveIn = cases.find((c) => c.ownerUserId) ?? cases[0];
  if (!moveIn) return { inspections: 0, defects: 0 };
  const caller = staffCaller(agent, 'agent', communityId);
  const requestId = `demo-movein-inspection-${String(moveIn._id)}`;
  const seeded = await MoveInInspection.exists({ requestKey: `${caller.userId}:${requestId}` });
  const photoIds = seeded ? [] : [(await upload(caller, { purpose: 'repair', fileName: '主卧墙面裂缝.png', contentBase64: crackPhoto().toString('base64') })).id];
  const view = await submitInspection(caller, {
    moveInId: String(moveIn._id),
    requestId,
    checks: [
      { room: 'livingRoom', item: 'surfaces', ok: true },
      { room: 'livingRoom', item: 'doorsWindows', ok: true },
      { room: 'livingRoom', item: 'electrical', ok: true },
      { room: 'masterBedroom', item: 'surfaces', ok: false },
      { room: 'masterBedroom', item: 'doorsWindows', ok: true },
      { room: 'masterBedroom', item: 'electrical', ok: true },
    ],
    defects: [{ room: 'masterBedroom', item: 'surfaces', description: '主卧飘窗下方墙面有一道约30厘米的斜向裂缝', photoIds }],
    note: '业主本人到场验房',
  });
  return { inspections: view.rounds.length, defects: view.defects.length };
}
