import { setClock } from '../../cloud/lib/clock';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { DAYTIME, err, ok, world, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The local file store (FILE_STORE=local, the default): photos on the gateway's disk, shown through
 * signed links `/files/<id>?exp&sig` that stop working at `exp` (FILE_LINK_TTL_MINUTES, rounded up to
 * the hour) and cannot be pointed at another file. The CloudBase store: files-cloudbase.test.ts.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  process.env.FILE_LINK_TTL_MINUTES = '60';
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
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(40, 7)]);
const upload = async (p: Person, bytes = PNG) => ok(await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: bytes.toString('base64') }, p.token), 'upload');
const get = (url: string) => fetch(`${stack.baseUrl}${url}`);

test('When a photo is uploaded, then its link serves the bytes until it expires (FILE_LINK_TTL_MINUTES, rounded up to the hour), then 404; a link made later works again', async () => {
  const w = await world(stack);
  const photo = await upload(w.owner);
  const exp = Number(new URL(photo.url, 'http://x').searchParams.get('exp'));
  // DAYTIME is a whole hour: 60 minutes later is the expiry exactly.
  expect(exp).toBe(DAYTIME.getTime() + 3600_000);
  const res = await get(photo.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

  clock = new Date(exp - 1);
  expect((await get(photo.url)).status).toBe(200);
  clock = new Date(exp + 1);
  expect((await get(photo.url)).status).toBe(404);

  // Shown again (the order's view makes a new link), it works.
  const order = await w.report({ photoIds: [photo.id] });
  const again = ok(await stack.invoke('repairs', 'get', { repairId: order.id }, w.owner.token)).photos[0];
  expect(again.url).not.toBe(photo.url);
  expect((await get(again.url)).status).toBe(200);
});

test("When another owner tries to reach an owner's photo — her signed link with his photo's id, a forged signature, attaching it, her order's view — then every path answers 404 and shows no bytes", async () => {
  const w = await world(stack);
  const hers = await upload(w.owner);
  const b = await w.otherOwner();
  const his = await upload(b, JPEG);
  const order = await w.report({ photoIds: [hers.id] });

  // His own link, with her photo's id put in (and the other way round): the signature covers the id.
  const hisLink = new URL(his.url, 'http://x');
  expect((await get(`/files/${hers.id}${hisLink.search}`)).status).toBe(404);
  const herLink = new URL(hers.url, 'http://x');
  expect((await get(`/files/${his.id}${herLink.search}`)).status).toBe(404);
  // A later expiry with the old signature, or a made-up signature.
  expect((await get(`/files/${hers.id}?exp=${Number(herLink.searchParams.get('exp')) + 3600_000}&sig=${herLink.searchParams.get('sig')}`)).status).toBe(404);
  expect((await get(`/files/${hers.id}?exp=${herLink.searchParams.get('exp')}&sig=${'A'.repeat(43)}`)).status).toBe(404);
  // Her photo in his report, and her order's view (with its photo links).
  expect(err(await stack.invoke('repairs', 'create', { requestId: `r-${Date.now()}`, area: 'home', unitId: b.unitId, category: '水电', description: '卧室插座松动，需要修理', photoIds: [hers.id] }, b.token))).toMatchObject({ code: 'FILE.NOT_FOUND', details: { missing: [hers.id] } });
  const view = err(await stack.invoke('repairs', 'get', { repairId: order.id }, b.token));
  expect(view.code).toBe('REPAIR.NOT_FOUND');
  expect(JSON.stringify(view)).not.toContain(hers.id);
  // Her link itself still works for her.
  expect((await get(hers.url)).status).toBe(200);
});

test('When a CloudBase upload is registered on a server with the local store, then 409 FILE.WRONG_STORE and nothing is recorded', async () => {
  const w = await world(stack);
  const before = await StoredFile.countDocuments({ uploaderId: w.owner._id });
  const e = err(await stack.invoke('files', 'register', { purpose: 'repair', fileName: 'a.png', fileId: `cloud://env.bucket/uploads/${String(w.communityId)}/${w.owner.id}/a.png` }, w.owner.token));
  expect(e.code).toBe('FILE.WRONG_STORE');
  expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(before);
});
