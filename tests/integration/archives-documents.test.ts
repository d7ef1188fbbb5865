import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ArchiveDocView, ArchiveUploadTicket, UnitFileView } from '@shared/contracts/archives.contract';
import type { Paged } from '@shared/contracts/contract';
import type { ArchiveDocSummary } from '@shared/contracts/archives-documents-view';
import { ARCHIVE_MAX_BYTES } from '@shared/domain/archives';
import { MINUTE_MS } from '@shared/domain/calendar';
import type { Envelope } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { getConfig } from '../../cloud/lib/config';
import { ArchiveDoc } from '../../cloud/modules/archives/archive-doc.model';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { craftZip } from '../helpers/crafted-xlsx';
import { loginAs, makeBuilding, makeCommunity, makeUnit, makeUser } from '../helpers/factories';
import { DAYTIME } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Archived documents (archives.md "Documents", files.md "Documents"): uploads through the gateway's
 * `PUT /upload/<ticket>` with the type read from the content, the size limit before anything is
 * stored, one-use signed tickets, versions, search, category visibility per role, short-lived links,
 * idempotent creates, and the 业主档案 of a unit.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  process.env.ARCHIVE_LINK_TTL_MINUTES = '10';
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  delete process.env.ARCHIVE_LINK_TTL_MINUTES;
  await stack.stop();
});

// --- fixtures: small valid files of each kind ---
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const OLE = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504, 0)]);
let DOCX: Buffer;
let XLSX: Buffer;
beforeAll(async () => {
  DOCX = await craftZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>' },
    { name: 'word/document.xml', data: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>电梯维保记录</w:t></w:r></w:p></w:body></w:document>' },
  ]);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('设备').addRow(['电梯', '2号楼']);
  XLSX = Buffer.from(await wb.xlsx.writeBuffer());
});

let seq = 0;
const rid = (what = 'doc') => `${what}-${Date.now().toString(36)}-${++seq}`;
function ok<T>(res: Envelope<T>, what = ''): T {
  if (!res.ok) throw new Error(`expected ok ${what}, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}
function err<T>(res: Envelope<T>): { code: string; message: string; details?: Record<string, unknown> } {
  if (res.ok) throw new Error('expected an error');
  return res.error as never;
}
const call = <T>(action: string, data: Record<string, unknown>, token: string) => stack.invoke('archives', action as never, data as never, token) as unknown as Promise<Envelope<T>>;

async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '2栋');
  const [u1, u2] = await Promise.all([makeUnit(c._id, b._id, { room: '1201' }), makeUnit(c._id, b._id, { room: '1202' })]);
  const users = await Promise.all([
    makeUser(c._id, { roles: ['manager'], name: '孙涛' }),
    makeUser(c._id, { roles: ['agent'], name: '王芳' }),
    makeUser(c._id, { roles: ['technician'], name: '刘强' }),
    makeUser(c._id, { roles: ['cashier'], name: '赵敏' }),
  ]);
  const [manager, agent, technician, cashier] = await Promise.all(users.map((u) => loginAs(stack, u._id)));
  const other = await makeCommunity({ name: `别的小区${seq++}` });
  const otherManager = await loginAs(stack, (await makeUser(other._id, { roles: ['manager'], name: '外区主管' }))._id);
  return { c, b, u1, u2, manager, agent, technician, cashier, otherManager };
}

/** PUT a body to the gateway (a ticket's url). */
async function put(url: string, body: Buffer): Promise<{ status: number; body: Envelope<{ id: string; mime: string; size: number; fileName: string }> }> {
  const res = await fetch(`${stack.baseUrl}${url}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream' } });
  return { status: res.status, body: (await res.json()) as never };
}

async function ticket(token: string, category: string, fileName: string, size: number): Promise<ArchiveUploadTicket> {
  return ok(await call<ArchiveUploadTicket>('uploadTicket', { category, fileName, size }, token), 'uploadTicket');
}

async function upload(token: string, category: string, fileName: string, bytes: Buffer): Promise<string> {
  const t = await ticket(token, category, fileName, bytes.length);
  const res = await put(t.url, bytes);
  if (!res.body.ok) throw new Error(`upload failed: ${res.body.error.code} ${res.body.error.message}`);
  return res.body.data.id;
}

async function createDoc(token: string, input: { category: string; title: string; tags?: string[]; unitId?: string; fileName?: string; bytes?: Buffer; requestId?: string; paperLocation?: string }): Promise<ArchiveDocView> {
  const fileId = await upload(token, input.category, input.fileName ?? '资料.pdf', input.bytes ?? PDF);
  return ok(
    await call<ArchiveDocView>('create', { requestId: input.requestId ?? rid(), category: input.category, title: input.title, tags: input.tags ?? [], ...(input.unitId ? { unitId: input.unitId } : {}), fileId, ...(input.paperLocation ? { paperLocation: input.paperLocation } : {}) }, token),
    'create',
  );
}

/** Files on the local store's disk. */
function filesOnDisk(): number {
  const dir = getConfig().filesDir;
  let n = 0;
  const walk = (d: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else n++;
    }
  };
  walk(dir);
  return n;
}

/** A raw request to the gateway (headers as given, body written in chunks), answered status and JSON. */
function rawPut(url: string, headers: Record<string, string | number>, chunks: Iterable<Buffer>): Promise<{ status: number; body: Envelope<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${stack.baseUrl}${url}`, { method: 'PUT', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Envelope<unknown> }));
    });
    req.on('error', reject);
    (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        if (!req.write(c))
          await new Promise<void>((r) => {
            const done = () => {
              req.off('drain', done).off('close', done);
              r();
            };
            req.on('drain', done).on('close', done);
          });
      }
      req.end();
    })().catch(() => undefined);
  });
}

test('When a PDF, a PNG, a DOCX and an XLSX are uploaded through PUT /upload/<ticket> and archived, then each is recorded with the type read from its content and its link serves the bytes', async () => {
  const w = await world();
  for (const [fileName, bytes, mime] of [
    ['竣工图.pdf', PDF, 'application/pdf'],
    ['配电房.png', PNG, 'image/png'],
    ['维保记录.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['设备清单.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['旧制度.doc', OLE, 'application/msword'],
  ] as const) {
    const t = await ticket(w.agent, 'property', fileName, bytes.length);
    expect(t).toMatchObject({ mime, maxBytes: ARCHIVE_MAX_BYTES });
    expect(t.url).toMatch(/^\/upload\/[\w.-]+$/);
    const res = await put(t.url, bytes);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, data: { mime, size: bytes.length, fileName } });
    const fileId = (res.body as { data: { id: string } }).data.id;
    const stored = await StoredFile.findById(fileId).lean();
    expect(stored).toMatchObject({ purpose: 'archive', attached: false, mime, size: bytes.length });

    const doc = ok(await call<ArchiveDocView>('create', { requestId: rid(), category: 'property', title: fileName.replace(/\..*$/, ''), tags: ['移交'], fileId }, w.agent));
    expect(doc.current).toMatchObject({ no: 1, fileName, mime, size: bytes.length });
    expect((await StoredFile.findById(fileId).lean())?.attached).toBe(true);
    const link = ok(await call<{ url: string; mime: string }>('link', { docId: doc.id }, w.agent));
    const got = await fetch(`${stack.baseUrl}${link.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe(mime);
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent(fileName));
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
  }
});

test('When the content is not the type the name declares, or no type at all, then 400 FILE.TYPE_MISMATCH naming both or FILE.BAD_TYPE, and nothing is stored', async () => {
  const w = await world();
  const before = { files: await StoredFile.countDocuments(), disk: filesOnDisk() };
  // A .pdf name with PNG bytes.
  let res = await put((await ticket(w.agent, 'property', '合同.pdf', PNG.length)).url, PNG);
  expect(res.status).toBe(400);
  expect(err(res.body)).toMatchObject({ code: 'FILE.TYPE_MISMATCH', details: { declared: 'application/pdf', actual: 'image/png' } });
  // A .docx name with an XLSX (a zip of another Office kind).
  res = await put((await ticket(w.agent, 'property', '会议.docx', XLSX.length)).url, XLSX);
  expect(err(res.body)).toMatchObject({ code: 'FILE.TYPE_MISMATCH', details: { actual: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
  // An OLE container under a .pdf name.
  res = await put((await ticket(w.agent, 'property', '旧表.pdf', OLE.length)).url, OLE);
  expect(err(res.body).code).toBe('FILE.TYPE_MISMATCH');
  // Random bytes.
  const junk = Buffer.from('this is not a document at all, just text pretending to be a pdf');
  res = await put((await ticket(w.agent, 'property', '随便.pdf', junk.length)).url, junk);
  expect(res.status).toBe(400);
  expect(err(res.body)).toMatchObject({ code: 'FILE.BAD_TYPE' });
  expect((err(res.body).details as { allowed: string[] }).allowed).toContain('application/pdf');
  // A name of no document type is refused at the ticket.
  expect(err(await call('uploadTicket', { category: 'property', fileName: 'setup.exe', size: 10 }, w.agent))).toMatchObject({ code: 'FILE.BAD_TYPE' });
  expect({ files: await StoredFile.countDocuments(), disk: filesOnDisk() }).toEqual(before);
});

test('When a document is over 20 MB — declared at the ticket, declared by Content-Length, or a chunked stream that goes past it — then 413 FILE.DOCUMENT_TOO_LARGE with the limit, before anything is stored', async () => {
  const w = await world();
  const before = { files: await StoredFile.countDocuments(), disk: filesOnDisk() };
  // At the ticket: the size chosen is over the limit.
  const big = await call('uploadTicket', { category: 'property', fileName: '大图.pdf', size: ARCHIVE_MAX_BYTES + 1 }, w.agent);
  expect(err(big)).toMatchObject({ code: 'FILE.DOCUMENT_TOO_LARGE', details: { limitBytes: ARCHIVE_MAX_BYTES } });

  // A declared Content-Length over the limit: refused before one byte is read (the body is never sent).
  const t1 = await ticket(w.agent, 'property', '图纸.pdf', 1000);
  const declared = await rawPut(t1.url, { 'content-length': ARCHIVE_MAX_BYTES + 1, 'content-type': 'application/pdf' }, []);
  expect(declared.status).toBe(413);
  expect(err(declared.body as Envelope<unknown>)).toMatchObject({ code: 'FILE.DOCUMENT_TOO_LARGE', details: { limitBytes: ARCHIVE_MAX_BYTES } });

  // A chunked body (no length) that goes on past the limit: cut at limit + 1.
  const t2 = await ticket(w.agent, 'property', '图纸2.pdf', 1000);
  function* chunks(): Generator<Buffer> {
    yield PDF;
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 22; i++) yield mb;
  }
  const streamed = await rawPut(t2.url, { 'transfer-encoding': 'chunked', 'content-type': 'application/pdf' }, chunks());
  expect(streamed.status).toBe(413);
  expect(err(streamed.body as Envelope<unknown>)).toMatchObject({ code: 'FILE.DOCUMENT_TOO_LARGE', details: { limitBytes: ARCHIVE_MAX_BYTES } });
  expect({ files: await StoredFile.countDocuments(), disk: filesOnDisk() }).toEqual(before);
});

test('When a ticket is used twice, after it expired, or forged (its body or signature changed), then 403 FILE.TICKET_INVALID and nothing is stored', async () => {
  const w = await world();
  const t = await ticket(w.agent, 'property', '一次.pdf', PDF.length);
  expect((await put(t.url, PDF)).status).toBe(200);
  const again = await put(t.url, PDF);
  expect(again.status).toBe(403);
  expect(err(again.body).code).toBe('FILE.TICKET_INVALID');

  const before = await StoredFile.countDocuments();
  const late = await ticket(w.agent, 'property', '过期.pdf', PDF.length);
  clock = new Date(DAYTIME.getTime() + 11 * MINUTE_MS);
  expect(err((await put(late.url, PDF)).body).code).toBe('FILE.TICKET_INVALID');
  clock = DAYTIME;

  const fresh = await ticket(w.agent, 'property', '伪造.pdf', PDF.length);
  const [body, sig] = fresh.url.slice('/upload/'.length).split('.');
  // Another community in the body, same signature.
  const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forgedBody = Buffer.from(JSON.stringify({ ...decoded, c: String(w.u1._id) })).toString('base64url');
  expect(err((await put(`/upload/${forgedBody}.${sig}`, PDF)).body).code).toBe('FILE.TICKET_INVALID');
  expect(err((await put(`/upload/${body}.${'A'.repeat(sig.length)}`, PDF)).body).code).toBe('FILE.TICKET_INVALID');
  expect(err((await put('/upload/nonsense', PDF)).body).code).toBe('FILE.TICKET_INVALID');
  expect(await StoredFile.countDocuments()).toBe(before);
  // The untouched ticket still works once.
  expect((await put(fresh.url, PDF)).status).toBe(200);
});

test('When a version is added, then it becomes current, every version keeps its own link, and a replay of the request adds nothing', async () => {
  const w = await world();
  const doc = await createDoc(w.technician, { category: 'equipment', title: '1号电梯年检报告', tags: ['电梯'] });
  const fileId = await upload(w.technician, 'equipment', '年检报告-2026.docx', DOCX);
  const requestId = rid('version');
  const v2 = ok(await call<ArchiveDocView>('addVersion', { requestId, docId: doc.id, fileId, note: '2026年复检' }, w.technician));
  expect(v2.versionCount).toBe(2);
  expect(v2.current).toMatchObject({ no: 2, fileName: '年检报告-2026.docx', note: '2026年复检', byName: '刘强' });
  expect(v2.versions.map((v) => v.no)).toEqual([2, 1]);
  const replay = ok(await call<ArchiveDocView>('addVersion', { requestId, docId: doc.id, fileId, note: '2026年复检' }, w.technician));
  expect(replay.versionCount).toBe(2);

  const first = ok(await call<{ url: string; no: number }>('link', { docId: doc.id, version: 1 }, w.agent));
  expect(first.no).toBe(1);
  expect(Buffer.from(await (await fetch(`${stack.baseUrl}${first.url}`)).arrayBuffer()).equals(PDF)).toBe(true);
  const current = ok(await call<{ url: string; no: number }>('link', { docId: doc.id }, w.agent));
  expect(current.no).toBe(2);
  expect(Buffer.from(await (await fetch(`${stack.baseUrl}${current.url}`)).arrayBuffer()).equals(DOCX)).toBe(true);
  expect(err(await call('link', { docId: doc.id, version: 9 }, w.agent)).code).toBe('ARCHIVE.NOT_FOUND');
  // Someone else's upload cannot become a version.
  const hers = await upload(w.agent, 'equipment', '别人的.pdf', PDF);
  expect(err(await call('addVersion', { requestId: rid(), docId: doc.id, fileId: hers }, w.technician)).code).toBe('FILE.NOT_FOUND');
  // A photo of a repair (another purpose) cannot either.
  const photo = ok(await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG.toString('base64') }, w.technician));
  expect(err(await call('addVersion', { requestId: rid(), docId: doc.id, fileId: photo.id }, w.technician)).code).toBe('FILE.NOT_FOUND');
});

test('When documents are searched by name, tag or unit, then the list finds them (the text as typed, not a pattern), and the tags in use come back for the chips', async () => {
  const w = await world();
  await createDoc(w.manager, { category: 'rules', title: '消防安全管理制度', tags: ['消防', '安全'] });
  await createDoc(w.manager, { category: 'rules', title: '保洁作业规程 (A.*)', tags: ['保洁'] });
  await createDoc(w.agent, { category: 'owner', title: '购房合同', tags: ['合同'], unitId: String(w.u1._id) });
  const list = async (data: Record<string, unknown>, token = w.manager) => ok(await call<Paged<ArchiveDocSummary>>('list', data, token));
  expect((await list({ q: '消防' })).items.map((d) => d.title)).toEqual(['消防安全管理制度']);
  expect((await list({ q: '保洁' })).items.map((d) => d.title)).toEqual(['保洁作业规程 (A.*)']);
  expect((await list({ q: '(a.*)' })).items.map((d) => d.title)).toEqual(['保洁作业规程 (A.*)']);
  expect((await list({ q: '.*' })).total).toBe(1);
  expect((await list({ tag: '安全' })).items.map((d) => d.title)).toEqual(['消防安全管理制度']);
  expect((await list({ q: '1201' })).items.map((d) => d.title)).toEqual(['购房合同']);
  expect((await list({ unitId: String(w.u1._id) })).total).toBe(1);
  expect((await list({ category: 'rules' })).total).toBe(2);
  expect((await list({ pageSize: 1 })).items).toHaveLength(1);
  expect(ok(await call<{ tags: string[] }>('tags', {}, w.manager)).tags.sort()).toEqual(['保洁', '合同', '安全', '消防'].sort());
  expect(ok(await call<{ tags: string[] }>('tags', { category: 'rules' }, w.manager)).tags.sort()).toEqual(['保洁', '安全', '消防'].sort());
  // A technician reads no owner papers: neither the document nor its tag.
  expect(ok(await call<{ tags: string[] }>('tags', {}, w.technician)).tags).not.toContain('合同');
});

test('When a role reads outside its categories — a technician an owner paper, an agent a contract, another community any — then 404 ARCHIVE.NOT_FOUND and the lists leave them out; writes need the category’s write role', async () => {
  const w = await world();
  const owner = await createDoc(w.agent, { category: 'owner', title: '身份证复印件', unitId: String(w.u2._id) });
  const contract = await createDoc(w.manager, { category: 'contract', title: '电梯维保合同' });
  const rules = await createDoc(w.manager, { category: 'rules', title: '员工守则' });

  expect(err(await call('get', { docId: owner.id }, w.technician)).code).toBe('ARCHIVE.NOT_FOUND');
  expect(err(await call('link', { docId: owner.id }, w.technician)).code).toBe('ARCHIVE.NOT_FOUND');
  expect(err(await call('get', { docId: contract.id }, w.agent)).code).toBe('ARCHIVE.NOT_FOUND');
  expect(err(await call('link', { docId: contract.id }, w.cashier)).code).toBe('ARCHIVE.NOT_FOUND');
  for (const d of [owner, contract, rules]) expect(err(await call('get', { docId: d.id }, w.otherManager)).code).toBe('ARCHIVE.NOT_FOUND');
  ok(await call('get', { docId: owner.id }, w.cashier));
  ok(await call('get', { docId: rules.id }, w.technician));

  const titles = async (token: string, category?: string) => ok(await call<Paged<ArchiveDocSummary>>('list', category ? { category } : {}, token)).items.map((d) => d.title);
  expect(await titles(w.technician)).toEqual(['员工守则']);
  expect(await titles(w.agent)).toEqual(expect.arrayContaining(['身份证复印件', '员工守则']));
  expect(await titles(w.agent)).not.toContain('电梯维保合同');
  expect(await titles(w.agent, 'contract')).toEqual([]);
  expect(await titles(w.otherManager)).toEqual([]);

  // Writes: a category the role reads but does not add to, a cashier, a manager's removal.
  expect(err(await call('uploadTicket', { category: 'rules', fileName: 'a.pdf', size: 10 }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await call('uploadTicket', { category: 'property', fileName: 'a.pdf', size: 10 }, w.cashier)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await call('update', { docId: rules.id, title: '改名', tags: [] }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await call('remove', { docId: rules.id }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  expect(ok(await call('remove', { docId: rules.id }, w.manager))).toEqual({ id: rules.id, removed: true });
  expect(err(await call('get', { docId: rules.id }, w.manager)).code).toBe('ARCHIVE.NOT_FOUND');
  expect((await ArchiveDoc.findById(rules.id).lean())?.status).toBe('removed');
});

test('When a document link is made, then it works until ARCHIVE_LINK_TTL_MINUTES have passed and is 404 after; a new link works again', async () => {
  const w = await world();
  const doc = await createDoc(w.manager, { category: 'minutes', title: '业委会会议纪要' });
  const link = ok(await call<{ url: string; expiresAt: string }>('link', { docId: doc.id }, w.agent));
  expect(new Date(link.expiresAt).getTime()).toBe(DAYTIME.getTime() + 10 * MINUTE_MS);
  const exp = Number(new URL(link.url, 'http://x').searchParams.get('exp'));
  expect(exp - DAYTIME.getTime()).toBeLessThanOrEqual(11 * MINUTE_MS);
  expect((await fetch(`${stack.baseUrl}${link.url}`)).status).toBe(200);
  clock = new Date(exp + 1);
  expect((await fetch(`${stack.baseUrl}${link.url}`)).status).toBe(404);
  const again = ok(await call<{ url: string }>('link', { docId: doc.id }, w.agent));
  expect((await fetch(`${stack.baseUrl}${again.url}`)).status).toBe(200);
});

test('When a create is sent twice with one request id (a double tap, a retry), then one document exists and both answers are it', async () => {
  const w = await world();
  const fileId = await upload(w.agent, 'property', '交接清单.pdf', PDF);
  const input = { requestId: rid('twice'), category: 'property', title: '物业交接清单', tags: ['交接'], fileId, paperLocation: '档案室A柜3层' };
  const [a, b] = await Promise.all([call<ArchiveDocView>('create', input, w.agent), call<ArchiveDocView>('create', input, w.agent)]);
  expect(ok(a).id).toBe(ok(b).id);
  expect(ok(a).paper).toEqual({ location: '档案室A柜3层' });
  expect(await ArchiveDoc.countDocuments({ communityId: w.c._id, title: '物业交接清单' })).toBe(1);
  // Owner papers need a unit; other categories take none.
  expect(err(await call('create', { ...input, requestId: rid(), category: 'owner' }, w.agent))).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'unitId' }] } });
  expect(err(await call('create', { ...input, requestId: rid(), unitId: String(w.u1._id) }, w.agent)).code).toBe('VALIDATION');
});

test('When bad input arrives — a NUL in the title, a __proto__ key, a huge string, a bad file id — then 400 VALIDATION', async () => {
  const w = await world();
  const base = { requestId: rid(), category: 'property', title: '正常', tags: [], fileId: 'f_0123456789abcdef01234567' };
  for (const data of [
    { ...base, title: 'a\u0000b' },
    JSON.parse(`{"requestId":"${rid()}","category":"property","title":"x","tags":[],"fileId":"f_0123456789abcdef01234567","__proto__":{"admin":true}}`),
    { ...base, title: 'x'.repeat(100_000) },
    { ...base, tags: Array.from({ length: 50 }, (_, i) => `t${i}`) },
    { ...base, fileId: '../../etc/passwd' },
    { ...base, category: 'secret' },
  ]) {
    expect(err(await call('create', data, w.agent)).code).toBe('VALIDATION');
  }
  expect(err(await call('list', { q: 'x'.repeat(1000) }, w.agent)).code).toBe('VALIDATION');
});

test('When the 业主档案 of a unit is opened, then it lists the unit’s owner papers and what move-in and renovation hold for it, linked to their pages, with counts', async () => {
  const w = await world();
  const unitId = String(w.u1._id);
  await createDoc(w.agent, { category: 'owner', title: '购房合同', unitId });
  await createDoc(w.agent, { category: 'owner', title: '别户的合同', unitId: String(w.u2._id) });
  const mi = await MoveIn.create({ communityId: w.c._id, unitId: w.u1._id, buildingId: w.b._id, unitLabel: w.u1.label, kind: 'single', openKey: `${unitId}:done`, requestKey: `test:${rid()}`, buyer: { name: '张伟' }, status: 'done', rev: 0 });
  const rn = await Renovation.create({ communityId: w.c._id, unitId: w.u1._id, buildingId: w.b._id, unitLabel: w.u1.label, no: 'ZX20261127-1', openKey: unitId, requestKey: `test:${rid()}`, ownerName: '张伟', status: 'in_progress', works: ['floor'], plannedStart: '2026-11-01', plannedEnd: '2026-12-31', rev: 0, permit: { no: 'XK-001', validTo: '2026-12-31', issuedAt: DAYTIME } });
  const file = ok(await call<UnitFileView>('unitFile', { unitId }, w.agent));
  expect(file.unitLabel).toBe(w.u1.label);
  expect(file.documents.map((d) => d.title)).toEqual(['购房合同']);
  expect(file.moveIn).toEqual([expect.objectContaining({ title: expect.stringContaining('入伙手续书'), status: '已入住', page: `staff/pages/movein/index?id=${String(mi._id)}` })]);
  expect(file.renovation.map((e) => e.title)).toEqual(['装修申请 ZX20261127-1', '装修许可证 XK-001']);
  expect(file.renovation[0].page).toBe(`staff/pages/renovation/index?id=${String(rn._id)}`);
  expect(file.counts).toEqual({ documents: 1, moveIn: 1, renovation: 2 });
  // Technicians do not read owners' papers; another community's staff do not reach the unit.
  expect(err(await call('unitFile', { unitId }, w.technician)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await call('unitFile', { unitId }, w.otherManager)).code).toBe('UNIT.NOT_FOUND');
});
