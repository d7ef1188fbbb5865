import * as claims from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { deleteEndedWindows, rateLimit, RateSlot } from '../../cloud/lib/rate-limit';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { StoredFile } from '../../cloud/modules/files/file.model';
import * as fileService from '../../cloud/modules/files/file.service';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { DAYTIME, err, ok, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Per-owner quotas on creating: repairs 10 an hour / 30 a day, complaints 5 an hour / 20 a day,
 * uploads 60 photos an hour / 200 MB a day — fixed windows (clock hours, Beijing days: lib/rate-limit.ts).
 * Over it: 429 RATE.LIMITED with Retry-After and a message saying when to try again. Exact under
 * concurrency; a replayed request spends nothing; staff recording for owners are not limited.
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
afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const MB = 1024 * 1024;
/** Slots a limit holds for a subject (every window). */
const slotsOf = (name: string, subject: string) => RateSlot.countDocuments({ _id: new RegExp(`^${name.replace(/\./g, '\\.')}:${subject}:`) });
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const report = (w: World, token: string, requestId = rid(), unitId = w.unitId) =>
  stack.invoke('repairs', 'create', { requestId, area: 'home', unitId, category: '水电', description: '卧室插座松动，需要修理' }, token);
const complain = (w: World, token: string, requestId = rid(), unitId = w.unitId) =>
  stack.invoke('complaints', 'submit', { requestId, category: 'cleaning', description: '楼道垃圾三天没人清理，味道很大', unitId }, token);

describe('repairs', () => {
  test('When an owner has reported 10 repairs within a clock hour, then the 11th is 429 RATE.LIMITED with Retry-After until the hour ends over HTTP, another owner is unaffected, and in the next hour it works again', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    for (let i = 0; i < 10; i++) {
      later(1);
      ok(await report(w, token), `report ${i + 1}`);
    }
    later(1); // 10:11 in Shanghai; the window 10:00–11:00 is full
    const res = await stack.http('repairs', { action: 'create', data: { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '卧室插座松动，需要修理' } }, { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(49 * 60));
    expect(res.body).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: 49 * 60, limit: 10, windowSeconds: 3600 } } });
    const message = (res.body.error as { message: string }).message;
    expect(message).toContain('1小时内最多提交报修10次，请于11:00后再试（约49分钟后）');
    expect(message).toContain('致电物业服务中心');
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(10);

    const other = await w.otherOwner();
    ok(await report(w, other.token, rid(), other.unitId), 'another owner');

    later(49); // 11:00
    ok(await report(w, await tokenOf(w.owner)), 'the next hour');
  });

  test('When an owner reports 30 in a day, spread over the day, then the 31st is refused until the day ends at midnight', async () => {
    const w = await world(stack, { mode: 'manual' });
    for (let i = 0; i < 30; i++) {
      later(20); // 3 an hour
      ok(await report(w, await tokenOf(w.owner)), `report ${i + 1}`);
    }
    later(20);
    const e = err(await report(w, await tokenOf(w.owner)));
    expect(e).toMatchObject({ code: 'RATE.LIMITED', details: { limit: 30, windowSeconds: 86400 } });
    // It is 20:20 in Shanghai: the day's window ends at midnight.
    expect(e.details!.retryAfterSeconds).toBe(3 * 3600 + 40 * 60);
    expect(e.message).toContain('每天最多提交报修30次，请于明天 00:00后再试（约4小时后）');
    later(3 * 60 + 40);
    ok(await report(w, await tokenOf(w.owner)), 'the next day');
  });

  test('When 30 reports of one owner (emergencies) arrive at once, then exactly 10 are created and 20 are refused', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '家里着火了，有烟', urgency: 'emergency' }, token)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(20).fill('RATE.LIMITED'));
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(10);
    expect(await Repair.countDocuments({ communityId: w.communityId, urgency: 'emergency' })).toBe(10);
  });

  test('When a report is submitted again with the same request id, then it does not spend the quota, even once the quota is used up', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    const requestId = rid();
    const first = ok(await report(w, token, requestId));
    for (let i = 0; i < 12; i++) expect(ok(await report(w, token, requestId)).id).toBe(first.id);
    for (let i = 0; i < 9; i++) ok(await report(w, token), `new report ${i + 2}`);
    // The quota is used up (10), but the same form submitted again is still its order.
    expect(err(await report(w, token)).code).toBe('RATE.LIMITED');
    expect(ok(await report(w, token, requestId)).id).toBe(first.id);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(10);
  });

  test('When 10 twin submits of one form race an owner with 9 reports this hour, then they all get the one order', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    for (let i = 0; i < 9; i++) ok(await report(w, token));
    const requestId = rid();
    const results = await Promise.all(Array.from({ length: 10 }, () => report(w, token, requestId)));
    expect(new Set(results.map((r) => ok(r).id)).size).toBe(1);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(10);
  });

  test('When the twin that took the last report of the hour is slow to write the order, then its twins wait for it and all get that order (none is refused)', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    for (let i = 0; i < 9; i++) ok(await report(w, token));
    // The twin that spent the 10th report is held between its quota and its write until each other
    // twin has either been answered or found the create in progress (lib/idempotent.ts).
    let answered = 0;
    let waited = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const check = () => (answered + waited >= 9 ? release() : undefined);
    const attach = fileService.attachPhotos;
    jest.spyOn(fileService, 'attachPhotos').mockImplementationOnce(async (...args) => {
      await held;
      return attach(...args);
    });
    const claim = claims.claimUnlessStale;
    jest.spyOn(claims, 'claimUnlessStale').mockImplementation(async (key, ...rest) => {
      const got = await claim(key, ...rest);
      if (!got && key.startsWith('create:')) {
        waited += 1;
        check();
      }
      return got;
    });
    const requestId = rid();
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const r = await report(w, token, requestId);
        answered += 1;
        check();
        return r;
      }),
    );
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([]);
    expect(new Set(results.map((r) => ok(r).id)).size).toBe(1);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(10);
    expect(await slotsOf('repairs.create', w.owner.id)).toBe(20);
  });

  test('When an agent records 12 phoned-in repairs for owners within an hour, then none is refused', async () => {
    const w = await world(stack, { mode: 'manual' });
    for (let i = 0; i < 12; i++) {
      ok(
        await stack.invoke('repairs', 'createForOwner', { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '电话报修：卧室插座松动', contactName: '赵业主', contactPhone: '13900001111' }, w.agent.token),
        `record ${i + 1}`,
      );
    }
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(12);
  });

  test('When a report fails its checks, then it spends nothing', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    for (let i = 0; i < 12; i++) {
      expect(err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '宠物', description: '家里的猫跑丢了怎么办' }, token)).code).toBe('REPAIR.BAD_CATEGORY');
    }
    for (let i = 0; i < 10; i++) ok(await report(w, token), `report ${i + 1}`);
  });
});

describe('complaints', () => {
  test('When an owner has submitted 5 complaints within an hour, then the 6th is 429 with Retry-After, a replay still answers, another owner and an agent recording one are unaffected', async () => {
    const w = await world(stack);
    const token = await tokenOf(w.owner);
    const requestId = rid();
    const first = ok(await complain(w, token, requestId));
    for (let i = 0; i < 4; i++) {
      later(1);
      ok(await complain(w, token), `complaint ${i + 2}`);
    }
    later(1);
    const res = await stack.http('complaints', { action: 'submit', data: { requestId: rid(), category: 'cleaning', description: '楼道垃圾三天没人清理，味道很大', unitId: w.unitId } }, { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(55 * 60));
    expect(res.body).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: 55 * 60, limit: 5 } } });
    expect((res.body.error as { message: string }).message).toContain('1小时内最多提交投诉5次，请于11:00后再试');
    expect(ok(await complain(w, token, requestId)).id).toBe(first.id);
    expect(await Complaint.countDocuments({ communityId: w.communityId })).toBe(5);

    const other = await w.otherOwner();
    ok(await complain(w, other.token, rid(), other.unitId), 'another owner');
    for (let i = 0; i < 6; i++) {
      ok(
        await stack.invoke('complaints', 'record', { requestId: rid(), channel: 'phone', unitId: w.unitId, contactName: '赵业主', contactPhone: '13900001111', category: 'noise', description: '楼上装修噪音太大，晚上也不停', urgent: false }, w.agent.token),
        `recorded ${i + 1}`,
      );
    }
  });
});

describe('uploads', () => {
  const upload = (token: string) => stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG.toString('base64') }, token);

  test('When someone has uploaded 60 photos within an hour, then the 61st is 429 and nothing of it is stored', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    for (let i = 0; i < 60; i++) ok(await upload(token), `upload ${i + 1}`);
    later(30);
    const e = err(await upload(token));
    expect(e).toMatchObject({ code: 'RATE.LIMITED', details: { retryAfterSeconds: 30 * 60, limit: 60 } });
    expect(e.message).toContain('1小时内最多上传照片60张');
    expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(60);
    const other = await w.otherOwner();
    ok(await upload(other.token), 'another owner');
  });

  test('When someone has uploaded 200 MB today, then the next photo is 429 and the refused one did not count', async () => {
    const w = await world(stack, { mode: 'manual' });
    const token = await tokenOf(w.owner);
    // As if 199.99 MB had been uploaded today (uploading it for real takes long): the same limit, declared again, takes them.
    const bytes = rateLimit('files.upload.bytes', { limits: [{ max: 200, windowMs: 24 * 3600_000 }], unitBytes: MB, says: { action: '上传照片', unit: 'MB' } });
    expect((await bytes.take(w.owner.id, 200 * MB - 10)).left).toBe(0);
    const e = err(await upload(token));
    // 10:00 in Shanghai: the day's window ends at midnight.
    expect(e).toMatchObject({ code: 'RATE.LIMITED', details: { retryAfterSeconds: 14 * 3600, limit: 200, windowSeconds: 86400 } });
    expect(e.message).toContain('每天最多上传照片200 MB，请于明天 00:00后再试（约14小时后）');
    expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
    // Neither limit kept the refused photo: the count limit gave its slot back.
    expect(await slotsOf('files.upload', w.owner.id)).toBe(0);
    later(14 * 60);
    ok(await upload(await tokenOf(w.owner)), 'the next day');
  });
});

test('When quota windows have ended, then housekeeping deletes their slots, and the current windows’ still count', async () => {
  const w = await world(stack, { mode: 'manual' });
  for (let i = 0; i < 10; i++) ok(await report(w, await tokenOf(w.owner)), `old report ${i + 1}`);
  later(25 * 60);
  const token = await tokenOf(w.owner);
  for (let i = 0; i < 3; i++) ok(await report(w, token), `recent report ${i + 1}`);
  expect(await deleteEndedWindows(clock)).toBeGreaterThanOrEqual(20);
  // This hour's and this day's slot of each recent report.
  expect(await slotsOf('repairs.create', w.owner.id)).toBe(6);
  for (let i = 0; i < 7; i++) ok(await report(w, token), `report ${i + 4} this hour`);
  expect(err(await report(w, token)).code).toBe('RATE.LIMITED');
});
