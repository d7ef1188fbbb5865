import { claimOutcome } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { cleanupUnattachedPhotos } from '../../cloud/modules/files/cleanup.job';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { photoFateKey } from '../../cloud/modules/files/file.service';
import { fileStore } from '../../cloud/modules/files/stores';
import { DAYTIME, err, ok, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Photos uploaded but never attached to anything (an abandoned form, someone filling the disk) are
 * deleted a day after their upload, record and bytes; attached ones never are — not even one
 * attached while the cleanup runs.
 */
let stack: Stack;
let clock = DAYTIME;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
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
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const upload = async (p: Person): Promise<string> => ok(await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG.toString('base64') }, await tokenOf(p)), 'upload').id;
/** The HTTP status of a freshly signed link to the photo (a valid link: only a missing photo is 404). */
const linkStatus = async (id: string) => (await fetch(`${stack.baseUrl}${(await fileStore().links([id])).get(id)}`)).status;
const report = async (w: World, photoIds: string[]) =>
  stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '卧室插座松动，需要修理', photoIds }, await tokenOf(w.owner));

async function gone(id: string): Promise<void> {
  expect(await StoredFile.exists({ _id: id })).toBeNull();
  expect(await fileStore().get(id)).toBeNull();
  expect(await linkStatus(id)).toBe(404);
}
async function kept(id: string): Promise<void> {
  expect(await StoredFile.exists({ _id: id })).not.toBeNull();
  expect(await fileStore().get(id)).not.toBeNull();
  expect(await linkStatus(id)).toBe(200);
}

test('When a photo is still unattached a day after its upload, then housekeeping deletes its record and bytes (the link is 404); photos of a repair, a completion and a complaint, and a fresh one, stay', async () => {
  const w = await world(stack);
  const tech = w.techs[0];
  const stale = await upload(w.owner);
  const [ofRepair, ofComplaint] = [await upload(w.owner), await upload(w.owner)];
  const afterPhoto = await upload(tech);
  later(5);
  const order = ok(await report(w, [ofRepair]), 'report');
  for (const action of ['accept', 'arrive'] as const) ok(await stack.invoke('repairs', action, { repairId: order.id }, await tokenOf(tech)), action);
  ok(await stack.invoke('repairs', 'complete', { repairId: order.id, afterPhotoIds: [afterPhoto], materials: [] }, await tokenOf(tech)), 'complete');
  ok(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'cleaning', description: '楼道垃圾三天没人清理，味道很大', unitId: w.unitId, photoIds: [ofComplaint] }, await tokenOf(w.owner)), 'complaint');
  later(23 * 60);
  const fresh = await upload(w.owner);
  later(56); // 24 h and 1 minute after the first uploads
  expect(await StoredFile.findById(ofRepair).lean()).toMatchObject({ attached: true, usedBy: [`repair:${order.id}`] });
  expect(await StoredFile.findById(afterPhoto).lean()).toMatchObject({ attached: true, usedBy: [`repair:${order.id}:after`] });

  const run = ok(await stack.invoke('jobs', 'housekeeping', {}, await tokenOf(w.manager)), 'housekeeping');
  expect(run.deleted.unattachedPhotos).toBe(1);
  await gone(stale);
  for (const id of [ofRepair, afterPhoto, ofComplaint, fresh]) await kept(id);
  // Still shown on the order and the complaint.
  const shown = ok(await stack.invoke('repairs', 'get', { repairId: order.id }, await tokenOf(w.owner)));
  expect(shown.photos.map((p) => p.id)).toEqual([ofRepair]);

  // A second run finds nothing more; the fresh one goes a day after its own upload.
  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(0);
  later(24 * 60);
  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(1);
  await gone(fresh);
  expect(err(await report(w, [fresh]))).toMatchObject({ code: 'FILE.NOT_FOUND' });
});

test("When a manager runs housekeeping by hand, then only their communities' photos are deleted; the timer's run deletes the others", async () => {
  const mine = await world(stack);
  const theirs = await world(stack);
  const [a, b] = [await upload(mine.owner), await upload(theirs.owner)];
  later(25 * 60);
  ok(await stack.invoke('jobs', 'housekeeping', {}, await tokenOf(mine.manager)), 'housekeeping');
  await gone(a);
  await kept(b);
  expect(await cleanupUnattachedPhotos()).toBeGreaterThanOrEqual(1);
  await gone(b);
});

test('When a photo is attached between the cleanup selecting it and deleting it, then it is kept and the repair shows it', async () => {
  const w = await world(stack);
  const photo = await upload(w.owner);
  later(25 * 60);
  let order: string | null = null;
  const deleted = await cleanupUnattachedPhotos({
    communityIds: [String(w.communityId)],
    afterSelect: async (ids) => {
      expect(ids).toContain(photo);
      order = ok(await report(w, [photo]), 'report while cleaning').id;
    },
  });
  expect(deleted).toBe(0);
  await kept(photo);
  expect(await StoredFile.findById(photo).lean()).toMatchObject({ attached: true, usedBy: [`repair:${order}`] });
  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(0);
  await kept(photo);
});

test('When the cleanup has taken a photo (its record not yet deleted), then attaching it is 404 FILE.NOT_FOUND asking for a new upload, and nothing is created', async () => {
  const w = await world(stack);
  const photo = await upload(w.owner);
  later(25 * 60);
  // The cleanup decided first, and is about to delete the record and bytes.
  expect(await claimOutcome(photoFateKey(photo), 'deleted')).toBe('deleted');
  const e = err(await report(w, [photo]));
  expect(e).toMatchObject({ code: 'FILE.NOT_FOUND', details: { missing: [photo] } });
  expect(e.message).toContain('重新上传');
  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(1);
  await gone(photo);
  // The refused report did not spend the owner's quota either: 10 more go through.
  for (let i = 0; i < 10; i++) ok(await report(w, []), `report ${i + 1}`);
});
