import type { ErrorBody } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { loginAs, makeBuilding, makeOwner, makeUnit } from '../helpers/factories';
import { DAYTIME, WATER_VALUES, fromTemplate, noticeWorld, type NoticeWorld } from '../helpers/notices';
import { err, ok, rid } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Strange text never reaches a handler, and keys chosen by users never reach Object.prototype:
 * control characters, bidirectional overrides and lone surrogates anywhere in an input, and the
 * reserved keys __proto__ / constructor / prototype, answer 400 VALIDATION naming the field.
 * A variable named like an Object.prototype member (toString) is just a name.
 */

let stack: Stack;
let w: NoticeWorld;
let owner: { token: string; unitId: string };

beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME);
  w = await noticeWorld(stack);
  const building = await makeBuilding(w.communityId, 'Z栋');
  const unit = await makeUnit(w.communityId, building._id, { room: '0808' });
  const user = await makeOwner(w.communityId, [unit._id], '吴业主');
  owner = { token: await loginAs(stack, user._id), unitId: String(unit._id) };
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const issuesOf = (e: ErrorBody) => (e.details as { issues: { path: string; message: string }[] }).issues;

function refused(e: ErrorBody, path: string, message: RegExp) {
  expect(e.code).toBe('VALIDATION');
  expect(issuesOf(e)).toEqual([{ path, message: expect.stringMatching(message) }]);
}

describe('search text', () => {
  test('When a NUL is in the search text of units, parking spaces or repairs, then 400 VALIDATION on q (not 500)', async () => {
    refused(err(await stack.invoke('community', 'units', { q: '15\u000002' }, w.agent.token)), 'q', /控制字符/);
    refused(err(await stack.invoke('community', 'parkingSpaces', { q: 'B1\u0000' }, w.agent.token)), 'q', /控制字符/);
    refused(err(await stack.invoke('repairs', 'list', { q: '\u0000' }, w.agent.token)), 'q', /控制字符/);
  });

  test('When the search text holds regular-expression characters, then they are searched literally', async () => {
    for (const q of ['.*', '(', '[a-', '\\', '$where', '^1502$', 'a{2,}']) {
      expect(ok(await stack.invoke('community', 'units', { q }, w.agent.token), q).items).toEqual([]);
      ok(await stack.invoke('community', 'parkingSpaces', { q }, w.agent.token), q);
      expect(ok(await stack.invoke('repairs', 'list', { q }, w.agent.token), q).items).toEqual([]);
    }
  });
});

describe('template variables and values', () => {
  const preview = (values: Record<string, string>, templateKey = 'water-outage') => stack.invoke('notices', 'preview', { templateKey, values }, w.agent.token);

  test('When preview values are keyed constructor or prototype, then 400 VALIDATION on that key', async () => {
    for (const key of ['constructor', 'prototype']) refused(err(await preview({ ...WATER_VALUES, [key]: '明天' })), `values.${key}`, /保留名称/);
  });

  test('When preview or publish values are keyed __proto__ (raw JSON), then 400 VALIDATION on that key', async () => {
    const raw = (action: string, data: string) => stack.http('notices', undefined, { token: w.agent.token, raw: `{"action":"${action}","data":${data}}` });
    const p = await raw('preview', '{"templateKey":"water-outage","values":{"__proto__":{"date":"x"}}}');
    expect(p.status).toBe(400);
    refused((p.body as { error: ErrorBody }).error, 'values.__proto__', /保留名称/);
    const body = JSON.stringify({ requestId: rid(), ...fromTemplate('water-outage', WATER_VALUES), target: { kind: 'community' } }).replace('"values":{', '"values":{"__proto__":"x",');
    const q = await raw('publish', body);
    expect(q.status).toBe(400);
    refused((q.body as { error: ErrorBody }).error, 'values.__proto__', /保留名称/);
  });

  test('When preview values are keyed toString (not a variable of the template), then 200 and the text is rendered as usual', async () => {
    const r = ok(await preview({ ...WATER_VALUES, toString: '明天', hasOwnProperty: 'x' }), 'preview');
    expect(r.body).toContain('2026年12月3日');
    expect(r.missing).toEqual([]);
  });

  test('When a library template is previewed without values, then the missing ones are listed (nothing inherited from Object.prototype)', async () => {
    const r = ok(await preview({}), 'preview');
    expect(r.missing.map((m) => m.name).sort()).toEqual(['contactPhone', 'date', 'timeRange']);
  });

  test('When publish values are keyed constructor, then 400 VALIDATION and no notice', async () => {
    const res = await w.publish({ values: { ...WATER_VALUES, constructor: '明天' } });
    refused(err(res), 'values.constructor', /保留名称/);
  });

  test('When a template declares a variable named constructor or prototype, then saveTemplate answers 400 on variables.0.name', async () => {
    for (const name of ['constructor', 'prototype', '__proto__']) {
      const e = err(await stack.invoke('notices', 'saveTemplate', { name: '保留名模板', kind: 'notice', category: 'normal', title: '通知', body: `尊敬的业主：{{${name}}}`, signature: '物业服务中心', variables: [{ name, label: '内容', type: 'text' }] }, w.manager.token));
      expect(e.code).toBe('VALIDATION');
      expect(issuesOf(e).map((i) => i.path)).toContain('variables.0.name');
    }
  });

  test('When a template declares a variable named toString, then it saves, previews with the value or lists it missing, and publishes', async () => {
    const t = ok(
      await stack.invoke('notices', 'saveTemplate', { name: '方法名模板', kind: 'notice', category: 'normal', title: '温馨提示', body: '尊敬的业主：{{toString}}起停车场施工。', signature: '物业服务中心', variables: [{ name: 'toString', label: '施工日期', type: 'date' }] }, w.manager.token),
      'saveTemplate',
    );
    const missing = ok(await preview({}, t.key), 'preview');
    expect(missing.missing).toEqual([{ name: 'toString', label: '施工日期' }]);
    expect(missing.body).toContain('【施工日期】');
    const filled = ok(await preview({ toString: '12月5日' }, t.key), 'preview');
    expect(filled).toMatchObject({ missing: [], body: '尊敬的业主：12月5日起停车场施工。' });

    const refusedPublish = err(await w.publish({ templateKey: t.key, values: {}, title: '温馨提示', body: '尊敬的业主：12月5日起停车场施工。', kind: 'notice', category: 'normal' }));
    expect(issuesOf(refusedPublish).map((i) => i.path)).toEqual(['values.toString']);
    const n = ok(await w.publish({ templateKey: t.key, values: { toString: '12月5日' }, title: '温馨提示', body: '尊敬的业主：12月5日起停车场施工。', kind: 'notice', category: 'normal' }), 'publish');
    expect(n.values).toEqual({ toString: '12月5日' });
  });
});

describe('every text field', () => {
  const report = (description: string) =>
    stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: owner.unitId, category: '水电', description }, owner.token);

  test('When a repair description carries a bidirectional override or isolate, then 400 VALIDATION on description', async () => {
    for (const c of ['\u202e', '\u202a', '\u2066', '\u2069']) refused(err(await report(`厨房水龙头漏水${c}gnp.exe`)), 'description', /方向/);
  });

  test('When a repair description carries a lone surrogate, then 400 VALIDATION on description', async () => {
    for (const text of ['厨房漏水\ud83d', '\udca9厨房漏水', '漏\udc00\ud800水了']) refused(err(await report(text)), 'description', /字符编码/);
  });

  test('When it carries other control characters (ESC, DEL, a C1 control, a form feed), then 400 VALIDATION on description', async () => {
    for (const c of ['\u001b[31m', '\u007f', '\u0085', '\u000c']) refused(err(await report(`厨房水龙头漏水${c}`)), 'description', /控制字符/);
  });

  test('When the text has tabs, new lines, emoji and direction marks, then it is accepted', async () => {
    const d = ok(await report('厨房水龙头漏水\t严重\r\n请尽快😀 مرحبا\u200f'), 'create');
    expect(d.description).toContain('😀');
  });

  test('When a bad character is deep in an array of objects, then the path names the element and field', async () => {
    const e = err(
      await stack.invoke('repairs', 'complete', { repairId: '0'.repeat(24), materials: [{ name: '水管接头', quantity: 1, unit: '个' }, { name: '坏\u0000', quantity: 1, unit: '个' }] }, owner.token),
    );
    refused(e, 'materials.1.name', /控制字符/);
  });

  test('When owners\' group messages carry control, bidi or broken characters, then they are kept with those characters removed (evidence is not refused)', async () => {
    const sentAt = DAYTIME.toISOString();
    const res = await stack.invoke(
      'sentiment',
      'ingest',
      { groupId: 'g-strange', messages: [{ messageId: 'm1', sender: { id: 's1', nickname: '坏\u0000人\u202e' }, text: '物业\u202e太差\ud83d了', sentAt }, { messageId: 'm2', sender: { id: 's2', nickname: '好' }, text: '谢谢', sentAt }] },
      w.agent.token,
    );
    expect(ok(res)).toMatchObject({ received: 2 });
    const messages = ok(await stack.invoke('sentiment', 'messages', { groupId: 'g-strange' }, w.agent.token));
    expect(messages.items.map((m) => [m.nickname, m.text]).sort()).toEqual([['坏人', '物业太差\ufffd了'], ['好', '谢谢']].sort());
  });

  test('When an input is nested hundreds of thousands deep, then 400 VALIDATION (no stack overflow)', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const res = await stack.http('repairs', undefined, { token: owner.token, raw: `{"action":"list","data":{"q":${deep}}}` });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('file cells', () => {
  test('When an imported file says constructor, toString or __proto__ as a status or relation, then those rows are row errors and nothing else happens', async () => {
    const csv = (...lines: string[]) => Buffer.from(lines.join('\n'), 'utf8').toString('base64');
    const units = ok(await stack.invoke('imports', 'preview', { kind: 'units', fileName: '房屋.csv', contentBase64: csv('楼栋,单元,房号,建筑面积,状态', '9,1,0101,90,constructor', '9,1,0102,90,toString', '9,1,0103,90,自住') }, w.manager.token), 'preview');
    expect(units).toMatchObject({ rows: 3, validRows: 1 });
    expect(units.errors.map((e) => e.row)).toEqual([2, 3]);
    const residents = ok(await stack.invoke('imports', 'preview', { kind: 'residents', fileName: '住户.csv', contentBase64: csv('楼栋,单元,房号,姓名,关系,手机号', '9,1,0101,张三,__proto__,13800000001', '9,1,0101,李四,constructor,13800000002') }, w.manager.token), 'preview');
    expect(residents).toMatchObject({ rows: 2, validRows: 0 });
  });
});
