import { buildMessage, formatField, messageTemplates, oaTemplateSchemas, subscribeTemplateSchemas, TEMPLATES, TemplateValueError, type FieldType } from '../../cloud/lib/wechat/templates';
import { fieldValueProblem } from '../../cloud/lib/wechat/fake-server';
import { DEMO_TEMPLATES } from '../../cloud/lib/config-demo';
import { inQuietHours, notBeforeFor } from '../../cloud/modules/messaging/quiet-hours';

const QUIET = { start: 21 * 60, end: 8 * 60 };

describe('message templates', () => {
  test('When the registry is read with the (demo) configuration, then keys and template ids are unique and every field key matches its type', () => {
    const templates = messageTemplates();
    expect(new Set(TEMPLATES.map((t) => t.key)).size).toBe(TEMPLATES.length);
    expect(templates.map((t) => t.key)).toEqual(TEMPLATES.map((t) => t.key));
    expect(new Set(templates.flatMap((t) => [t.templateId, t.oa.templateId])).size).toBe(TEMPLATES.length * 2);
    for (const t of templates) for (const f of t.fields) expect(f.key.replace(/\d+$/, '')).toBe(f.type);
    expect(Object.keys(subscribeTemplateSchemas())).toHaveLength(TEMPLATES.length);
    expect(oaTemplateSchemas()[templates[0].oa.templateId]).toEqual(['first', 'keyword1', 'keyword2', 'keyword3', 'keyword4', 'remark']);
  });

  test('When nothing is configured (tests, npm start), then the ids and keyword numbers are the demo ones', () => {
    for (const t of messageTemplates()) {
      const demo = DEMO_TEMPLATES[t.key as keyof typeof DEMO_TEMPLATES];
      expect({ key: t.key, templateId: t.templateId, oa: t.oa.templateId, keywords: Object.fromEntries(t.fields.map((f) => [f.name, f.key])) }).toEqual({ key: t.key, templateId: demo.templateId, oa: demo.oa.templateId, keywords: demo.keywords });
    }
  });

  test('When each field\'s example (shown in the consoles list) is formatted, then it is already what WeChat accepts, unchanged', () => {
    for (const t of TEMPLATES) {
      for (const f of t.fields) {
        // Amounts, times and dates are formatted from 分 and instants; the example is their output.
        const formatted = ['amount', 'time', 'date'].includes(f.type) ? f.example : formatField(f.type, f.example);
        expect({ field: `${t.key}.${f.name}`, formatted, problem: fieldValueProblem(f.type, f.example) }).toEqual({ field: `${t.key}.${f.name}`, formatted: f.example, problem: null });
        if (f.fallback !== undefined) expect({ field: `${t.key}.${f.name}`, problem: fieldValueProblem(f.type, f.fallback) }).toEqual({ field: `${t.key}.${f.name}`, problem: null });
      }
      for (const name of t.oa.keywords) expect(t.fields.map((f) => f.name)).toContain(name);
    }
  });

  test('When values are too long or of the wrong shape, then each type is truncated/formatted to what WeChat accepts', () => {
    expect(formatField('thing', '厨房水管爆裂，水流到楼下邻居家的天花板上了，请尽快处理')).toBe('厨房水管爆裂，水流到楼下邻居家的天花板…');
    expect([...formatField('thing', 'x'.repeat(40))!]).toHaveLength(20);
    expect(formatField('thing', '  短  ')).toBe('短');
    expect(formatField('phrase', '处理中 (processing)')).toBe('处理中');
    expect(formatField('phrase', '已经完成维修了')).toBe('已经完成维');
    expect(formatField('phrase', 'done')).toBeNull();
    expect(formatField('character_string', 'BX-2026/1127 #0042 报修')).toBe('BX-202611270042');
    expect(formatField('character_string', 'A'.repeat(40))).toHaveLength(32);
    expect(formatField('amount', 12850)).toBe('128.50元');
    expect(formatField('amount', 5)).toBe('0.05元');
    expect(formatField('amount', 12.5)).toBeNull();
    expect(formatField('amount', -100)).toBeNull();
    expect(formatField('time', new Date('2026-11-27T06:05:00Z'))).toBe('2026年11月27日 14:05');
    expect(formatField('time', new Date('2026-11-27T17:30:00Z'))).toBe('2026年11月28日 01:30');
    expect(formatField('date', '2026-12-31T16:30:00Z')).toBe('2027年1月1日');
    expect(formatField('time', 'not a time')).toBeNull();
    expect(formatField('phone_number', '0571-8888 6666 转 8')).toBe('0571-888866668');
    expect(formatField('car_number', '浙A·12345')).toBe('浙A12345');
    expect(formatField('car_number', '浙a d12345')).toBe('浙AD12345');
    expect(formatField('name', '欧阳娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
    expect(formatField('name', '业主甲1 (租户)')).toBe('业主甲租户');
    expect(formatField('name', 'Tom Smith 2')).toBe('Tom Smith');
  });

  test('When every formatter output is checked by the fake server rules, then WeChat would accept it', () => {
    const samples: [FieldType, string | number | Date][] = [
      ['thing', '很长很长的通知标题，超过了二十个字的限制会被截断'],
      ['phrase', '待处理'],
      ['character_string', 'BX20261127-0042'],
      ['amount', 99999],
      ['time', new Date()],
      ['date', new Date()],
      ['phone_number', '0571-12345678'],
      ['car_number', '浙A·D12345'],
      ['name', '张伟'],
      ['name', '王小明2号'],
    ];
    for (const [type, v] of samples) expect([type, fieldValueProblem(type, formatField(type, v)!)]).toEqual([type, null]);
  });

  test('When a message is built, then both channels get data keyed by the template and a missing field is a typed error', () => {
    const m = buildMessage('fee.reminder', { item: '2026年物业费', amount: 128_050, dueDate: new Date('2026-12-31T00:00:00Z'), unit: '1栋1单元1502' });
    expect(m.subscribe.data).toEqual({ thing1: '2026年物业费', amount2: '1280.50元', date3: '2026年12月31日', thing4: '1栋1单元1502', thing5: '请在截止日期前缴费，谢谢配合' });
    expect(m.oa.data).toMatchObject({ first: '您有一笔物业费用待缴纳', keyword1: '2026年物业费', keyword2: '1280.50元', keyword3: '2026年12月31日', keyword4: '1栋1单元1502' });
    expect(m.lines[1]).toEqual({ label: '应缴金额', value: '1280.50元' });
    expect(() => buildMessage('fee.reminder', { item: '物业费', dueDate: new Date(), unit: '1栋' })).toThrow(TemplateValueError);
    try {
      buildMessage('repair.progress', { orderNo: 'BX1', title: '漏水', status: 'done', time: new Date() });
    } catch (err) {
      expect(err).toMatchObject({ field: 'status', problem: 'not a valid phrase' });
    }
    expect(() => buildMessage('no.such', {})).toThrow(TemplateValueError);
  });
});

describe('quiet hours (Asia/Shanghai)', () => {
  test('When it is 22:30 in Shanghai, then a non-urgent message waits until 08:00 and an urgent one goes now', () => {
    const at = new Date('2026-11-27T14:30:00Z'); // 22:30 Shanghai
    expect(inQuietHours(at, QUIET)).toBe(true);
    expect(notBeforeFor(at, QUIET, false).toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(notBeforeFor(at, QUIET, true)).toBe(at);
  });
  test('When it is 07:59 or 12:00 in Shanghai, then 07:59 waits a minute and noon goes now', () => {
    expect(notBeforeFor(new Date('2026-11-26T23:59:00Z'), QUIET, false).toISOString()).toBe('2026-11-27T00:00:00.000Z');
    const noon = new Date('2026-11-27T04:00:00Z');
    expect(notBeforeFor(noon, QUIET, false)).toBe(noon);
    expect(inQuietHours(noon, null)).toBe(false);
  });
});
