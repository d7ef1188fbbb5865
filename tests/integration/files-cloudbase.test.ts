import { uploadFolder } from '@shared/domain/files';
import { PHOTO_MAX_BYTES } from '@shared/domain/repairs';
import { setClock } from '../../cloud/lib/clock';
import { RateSlot } from '../../cloud/lib/rate-limit';
import { FAKE_TCB_ENV } from '../../cloud/lib/wechat/fake-storage';
import { cleanupUnattachedPhotos } from '../../cloud/modules/files/cleanup.job';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { fileStore } from '../../cloud/modules/files/stores';
import { DAYTIME, err, ok, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The CloudBase file store (FILE_STORE=cloudbase) against the fake WeChat server's cloud storage,
 * which answers the tcb HTTP API as CloudBase does (cloud/lib/wechat/fake-storage.ts): uploads from
 * the server (files.upload: uploadfile + the form POST of the bytes) and from the mini-program
 * (its own Taro.cloud.uploadFile, then files.register), temporary links that really expire, deletes,
 * and CloudBase's errors. The local store: files-local.test.ts.
 */
let stack: Stack;
let clock = DAYTIME;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
beforeAll(async () => {
  Object.assign(process.env, { FILE_STORE: 'cloudbase', CLOUDBASE_ENV: FAKE_TCB_ENV, FILE_LINK_TTL_MINUTES: '30', WECHAT_RETRY_ATTEMPTS: '1' });
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
  stack.wechat.stopFailing();
});
afterAll(async () => {
  setClock();
  delete process.env.WECHAT_RETRY_ATTEMPTS;
  await stack.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(60, 9)]);
const storage = () => stack.wechat.storage;
const calls = (path: string) => stack.wechat.requests().filter((r) => r.path === path);
const slotsOf = (name: string, subject: string) => RateSlot.countDocuments({ _id: new RegExp(`^${name.replace(/\./g, '\\.')}:${subject}:`) });

const upload = (p: Person, bytes = PNG) => stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: bytes.toString('base64') }, p.token);
/** What the mini-program does in cloud mode: Taro.cloud.uploadFile into the person's folder, then files.register. */
function clientUpload(w: World, p: Person, bytes: Buffer, name = `${Date.now()}-${Math.random().toString(36).slice(2)}.jpg`): string {
  return storage().clientUpload(`${uploadFolder(String(w.communityId), p.id)}${name}`, bytes);
}
const register = (p: Person, fileId: string) => stack.invoke('files', 'register', { purpose: 'repair', fileName: 'photo.jpg', fileId }, p.token);
const fetchBytes = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
};

test('When a photo is uploaded as base64, then its bytes are in cloud storage under files/<community>/, the record keeps the fileID, and its link is a temporary CloudBase link that serves them', async () => {
  const w = await world(stack);
  const photo = ok(await upload(w.owner), 'upload');
  const record = await StoredFile.findById(photo.id).lean();
  expect(record?.key).toMatch(new RegExp(`^cloud://${FAKE_TCB_ENV}\\.[^/]+/files/${String(w.communityId)}/${photo.id}\\.png$`));
  expect(storage().bytesOf(record!.key!)?.equals(PNG)).toBe(true);
  // The upload went the way CloudBase takes it: a ticket from tcb/uploadfile (with the access token), then the form POST.
  expect(calls('/tcb/uploadfile').at(-1)).toMatchObject({ query: { access_token: expect.any(String) }, body: { env: FAKE_TCB_ENV, path: expect.stringContaining(photo.id) } });
  expect(photo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__tcb\//);
  expect(calls('/tcb/batchdownloadfile').at(-1)?.body).toMatchObject({ file_list: [{ fileid: record!.key, max_age: 1800 }] });
  expect(await fetchBytes(photo.url)).toEqual({ status: 200, bytes: PNG, type: 'image/png' });
});

test('When the mini-program uploads a photo itself and registers it, then it becomes a stored file checked by its bytes, and registering it again answers the same record without counting twice', async () => {
  const w = await world(stack);
  const fileId = clientUpload(w, w.owner, JPEG);
  const first = ok(await register(w.owner, fileId), 'register');
  expect(first).toMatchObject({ mime: 'image/jpeg', size: JPEG.length });
  expect(await StoredFile.findById(first.id).lean()).toMatchObject({ key: fileId, uploaderId: w.owner._id, communityId: w.communityId, attached: false });
  expect(await fetchBytes(first.url)).toMatchObject({ status: 200, bytes: JPEG });

  const again = ok(await register(w.owner, fileId), 'register again');
  expect(again.id).toBe(first.id);
  expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(1);
  expect(await slotsOf('files.upload', w.owner.id)).toBe(1);

  // It is attached like an uploaded photo, and the order shows it.
  const order = await w.report({ photoIds: [first.id] });
  expect(order.photos).toEqual([{ id: first.id, url: expect.stringMatching(/\/__tcb\//) }]);
});

test("When another owner registers an owner's file, or a file outside his own folder or environment, then 404 FILE.NOT_FOUND, nothing is recorded and her file stays", async () => {
  const w = await world(stack);
  const b = await w.otherOwner();
  const hers = clientUpload(w, w.owner, JPEG);
  const bucket = /^cloud:\/\/[^.]+\.([^/]+)\//.exec(hers)![1];
  const folderB = uploadFolder(String(w.communityId), b.id);
  const attempts = [
    hers, // her file, her folder
    storage().clientUpload(`uploads/${String(w.communityId)}/x.jpg`, JPEG), // nobody's folder
    storage().clientUpload(`${folderB.replace(String(w.communityId), '0123456789abcdef01234567')}x.jpg`, JPEG), // his id, another community
    `cloud://other-env-1.${bucket}/${folderB}x.jpg`, // another environment
    `cloud://${FAKE_TCB_ENV}.${bucket}/${folderB}../../${w.owner.id}/x.jpg`, // climbing out of his folder
  ];
  for (const fileId of attempts) expect(err(await register(b, fileId))).toMatchObject({ code: 'FILE.NOT_FOUND' });
  expect(await StoredFile.countDocuments({ uploaderId: b._id })).toBe(0);
  expect(await slotsOf('files.upload', b.id)).toBe(0);
  expect(storage().bytesOf(hers)?.equals(JPEG)).toBe(true);

  // Registered by her, her photo still cannot be used or seen by him.
  const photo = ok(await register(w.owner, hers), 'register');
  const order = await w.report({ photoIds: [photo.id] });
  expect(err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: b.unitId, category: '水电', description: '卧室插座松动，需要修理', photoIds: [photo.id] }, b.token))).toMatchObject({ code: 'FILE.NOT_FOUND' });
  const view = err(await stack.invoke('repairs', 'get', { repairId: order.id }, b.token));
  expect(view.code).toBe('REPAIR.NOT_FOUND');
  expect(JSON.stringify(view)).not.toContain('__tcb');
  // Her temporary link, pointed at another file of the bucket, is refused by the storage.
  const his = ok(await register(b, clientUpload(w, b, PNG)), 'his own');
  const tampered = order.photos[0].url.replace(/\/uploads\/[^?]+/, new URL(his.url).pathname.replace(/^\/__tcb\/[^/]+/, ''));
  expect(tampered).not.toBe(order.photos[0].url);
  expect((await fetchBytes(tampered)).status).toBe(403);
});

test('When a temporary link is older than its max_age, then the storage refuses it; showing the order again gives a new link that works; a file gone from storage is left out', async () => {
  const w = await world(stack);
  const photo = ok(await upload(w.owner), 'upload');
  const order = await w.report({ photoIds: [photo.id] });
  const first = order.photos[0].url;
  later(29);
  expect((await fetchBytes(first)).status).toBe(200);
  // Within the second half of its life the process made a fresh one already; the old one expires at 30 minutes.
  const midway = ok(await stack.invoke('repairs', 'get', { repairId: order.id }, w.owner.token)).photos[0].url;
  expect(midway).not.toBe(first);
  later(2);
  expect(await fetchBytes(first)).toMatchObject({ status: 403 });
  expect((await fetchBytes(first)).bytes.toString()).toContain('Request has expired');
  expect((await fetchBytes(midway)).status).toBe(200);

  // Deleted from storage behind our back: the order still shows, without the photo.
  await fileStore().delete([(await StoredFile.findById(photo.id).lean())!.key!]);
  later(60);
  expect(ok(await stack.invoke('repairs', 'get', { repairId: order.id }, w.owner.token)).photos).toEqual([]);
});

test('When a registered file is not a photo, or larger than 5 MB, then 400 with nothing recorded or counted, and the file is deleted from storage; a file not in storage is 404', async () => {
  const w = await world(stack);
  const text = clientUpload(w, w.owner, Buffer.from('not a photo at all'), 'a.jpg');
  expect(err(await register(w.owner, text))).toMatchObject({ code: 'FILE.BAD_TYPE' });
  const big = clientUpload(w, w.owner, Buffer.concat([JPEG, Buffer.alloc(PHOTO_MAX_BYTES)]), 'big.jpg');
  expect(err(await register(w.owner, big))).toMatchObject({ code: 'FILE.TOO_LARGE', details: { limitBytes: PHOTO_MAX_BYTES } });
  for (const fileId of [text, big]) expect(storage().bytesOf(fileId)).toBeUndefined();
  const never = `${clientUpload(w, w.owner, JPEG).replace(/[^/]+$/, '')}never-uploaded.jpg`;
  expect(err(await register(w.owner, never))).toMatchObject({ code: 'FILE.NOT_FOUND' });
  expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
  expect(await slotsOf('files.upload', w.owner.id)).toBe(0);
  expect(await slotsOf('files.upload.bytes', w.owner.id)).toBe(0);
});

describe('when the storage fails', () => {
  test('When tcb/uploadfile answers an error (system error, unknown environment), then 503 FILE.STORE_UNAVAILABLE naming the errcode, and no record or quota is left', async () => {
    const w = await world(stack);
    stack.wechat.failNext('/tcb/uploadfile', { errcode: -501001, errmsg: 'cloud system error' });
    expect(err(await upload(w.owner))).toMatchObject({ code: 'FILE.STORE_UNAVAILABLE', details: { errcode: -501001 } });
    process.env.CLOUDBASE_ENV = 'no-such-env-9';
    const { resetConfig } = await import('../../cloud/lib/config');
    resetConfig();
    try {
      expect(err(await upload(w.owner))).toMatchObject({ code: 'FILE.STORE_UNAVAILABLE', details: { errcode: -501007 } });
    } finally {
      process.env.CLOUDBASE_ENV = FAKE_TCB_ENV;
      resetConfig();
    }
    expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
    expect(await slotsOf('files.upload', w.owner.id)).toBe(0);
    // The storage is back: the next upload goes through.
    ok(await upload(w.owner), 'upload after');
  });

  test('When the storage refuses the bytes (the form POST answers 403 or 500), then 503 FILE.STORE_UNAVAILABLE and no record points at them', async () => {
    const w = await world(stack);
    const stored = storage().fileIds().length;
    for (const status of [403, 500]) {
      storage().failNextUpload(status);
      expect(err(await upload(w.owner))).toMatchObject({ code: 'FILE.STORE_UNAVAILABLE', details: { httpStatus: status } });
    }
    expect(storage().fileIds().length).toBe(stored);
    expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
  });

  test('When reading a registered file back fails, then 503 FILE.STORE_UNAVAILABLE, nothing is recorded, and registering it later works', async () => {
    const w = await world(stack);
    const fileId = clientUpload(w, w.owner, JPEG);
    stack.wechat.failNext('/tcb/batchdownloadfile', { errcode: -501001, errmsg: 'cloud system error' });
    expect(err(await register(w.owner, fileId))).toMatchObject({ code: 'FILE.STORE_UNAVAILABLE' });
    expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
    expect(await slotsOf('files.upload', w.owner.id)).toBe(0);
    ok(await register(w.owner, fileId), 'register later');
  });

  test('When the access token was revoked, then the store gets a new one and the call goes through', async () => {
    const w = await world(stack);
    stack.wechat.revokeTokens();
    ok(await upload(w.owner), 'upload with a new token');
  });
});

test('When unattached photos are a day old, then housekeeping deletes their records and their files in cloud storage (one batch call), and attached ones stay', async () => {
  const w = await world(stack);
  const stale = ok(await upload(w.owner), 'stale');
  const registered = ok(await register(w.owner, clientUpload(w, w.owner, JPEG)), 'registered');
  const used = ok(await register(w.owner, clientUpload(w, w.owner, JPEG)), 'used');
  await w.report({ photoIds: [used.id] });
  const keyOf = async (id: string) => (await StoredFile.findById(id).lean())!.key!;
  const [staleKey, registeredKey, usedKey] = [await keyOf(stale.id), await keyOf(registered.id), await keyOf(used.id)];
  later(25 * 60);
  const deletes = calls('/tcb/batchdeletefile').length;

  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(2);
  expect(calls('/tcb/batchdeletefile').length).toBe(deletes + 1);
  expect(calls('/tcb/batchdeletefile').at(-1)?.body).toMatchObject({ env: FAKE_TCB_ENV, fileid_list: expect.arrayContaining([staleKey, registeredKey]) });
  for (const key of [staleKey, registeredKey]) expect(storage().bytesOf(key)).toBeUndefined();
  expect(await StoredFile.exists({ _id: { $in: [stale.id, registered.id] } })).toBeNull();
  expect(storage().bytesOf(usedKey)?.equals(JPEG)).toBe(true);
  expect(await cleanupUnattachedPhotos({ communityIds: [String(w.communityId)] })).toBe(0);
});

test('When a CloudBase build uploads an archive document itself and registers it, then a PDF becomes a stored file the archive takes, a PDF name over PNG bytes is 400 FILE.TYPE_MISMATCH and deleted from storage, and an owner is refused', async () => {
  const w = await world(stack);
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const registerDoc = (p: Person, fileId: string, fileName: string, category: 'equipment' | 'contract' = 'equipment') => stack.invoke('archives', 'registerUpload', { category, fileName, fileId }, p.token);

  const pdfId = clientUpload(w, w.agent, PDF, 'ledger.pdf');
  const file = ok(await registerDoc(w.agent, pdfId, '电梯年检报告.pdf'), 'registerUpload');
  expect(file).toMatchObject({ fileName: '电梯年检报告.pdf', mime: 'application/pdf', size: PDF.length });
  expect(await StoredFile.findById(file.id).lean()).toMatchObject({ key: pdfId, purpose: 'archive', attached: false });
  const doc = ok(await stack.invoke('archives', 'create', { requestId: rid(), category: 'equipment', title: '电梯年检报告', tags: [], fileId: file.id }, w.agent.token), 'create');
  expect(doc.versions).toHaveLength(1);

  const pngId = clientUpload(w, w.agent, PNG, 'fake.pdf');
  expect(err(await registerDoc(w.agent, pngId, '合同.pdf'))).toMatchObject({ code: 'FILE.TYPE_MISMATCH' });
  expect(storage().bytesOf(pngId)).toBeUndefined();
  // Contracts are the managers' to add; an owner adds to no category.
  expect(err(await registerDoc(w.agent, clientUpload(w, w.agent, PDF), 'c.pdf', 'contract'))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  expect(err(await registerDoc(w.owner, clientUpload(w, w.owner, PDF), 'o.pdf'))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
});
