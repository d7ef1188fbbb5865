import { statusOf } from '@shared/errors';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import {
  NOTICE_BODY_MAX,
  NOTICE_MACHINE,
  NOTICE_KINDS,
  NOTICE_TITLE_MAX,
  NOTICE_VALUE_MAX,
  NOTICE_VARIABLE_TYPES,
  placeholdersOf,
  renderNotice,
  scopeBuildingIds,
  summaryOf,
  type NoticeTemplateDef,
  type NoticeVariableType,
} from '@shared/domain/notices';

/** A realistic value per variable type, as a writer would type it. */
const SAMPLE: Record<NoticeVariableType, string> = {
  date: '2026年12月3日',
  timeRange: '08:00–17:00',
  place: '小区中心广场',
  buildings: '1栋、2栋',
  phone: '0571-88886666',
  text: '示例内容',
};

const EXPECTED_KEYS = [
  'facade-cleaning',
  'civil-dog',
  'access-card',
  'owner-card',
  'good-news',
  'spring-festival',
  'weather-change',
  'low-voltage-done',
  'lost-found',
  'water-outage',
  'power-outage',
  'elevator-maintenance',
  'fire-drill',
  'gas-inspection',
  'movein-resale',
  'move-in',
  'renovation-start',
  'survey-invite',
];

const allSamples = (t: NoticeTemplateDef) => Object.fromEntries(t.variables.map((v) => [v.name, SAMPLE[v.type]]));
/** What a writer who only fills the required fields sends. */
const requiredSamples = (t: NoticeTemplateDef) => Object.fromEntries(t.variables.filter((v) => !v.defaultValue).map((v) => [v.name, SAMPLE[v.type]]));
const chars = (s: string) => [...s].length;
const lines = (s: string) => s.split('\n').map((l) => l.trim());
/** A line that is only a date (or only a date placeholder): the service adds the date, the body must not. */
const DATE_LINE = /^(\{\{\s*\w+\s*\}\}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$/;

const each = test.each(NOTICE_LIBRARY.map((t) => [t.key, t] as const));

describe('notice library', () => {
  test('When the library is read, then the 14 model notices are there once each, with unique names', () => {
    const keys = NOTICE_LIBRARY.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...EXPECTED_KEYS].sort());
    expect(new Set(NOTICE_LIBRARY.map((t) => t.name)).size).toBe(NOTICE_LIBRARY.length);
  });

  test('When kinds and categories are read, then outages are important, nothing is an emergency by default and genres match', () => {
    const byKey = Object.fromEntries(NOTICE_LIBRARY.map((t) => [t.key, t]));
    const important = NOTICE_LIBRARY.filter((t) => t.category === 'important').map((t) => t.key);
    expect(important.sort()).toEqual(['gas-inspection', 'power-outage', 'water-outage']);
    expect(NOTICE_LIBRARY.filter((t) => t.category === 'emergency')).toEqual([]);
    expect(byKey['good-news'].kind).toBe('good-news');
    expect(byKey['spring-festival'].kind).toBe('reminder');
    expect(byKey['weather-change'].kind).toBe('reminder');
    expect(byKey['low-voltage-done'].kind).toBe('announcement');
    expect(byKey['lost-found'].kind).toBe('lost-found');
    for (const k of ['facade-cleaning', 'civil-dog', 'access-card', 'owner-card', 'water-outage', 'power-outage', 'elevator-maintenance', 'fire-drill', 'gas-inspection']) {
      expect([k, byKey[k].kind]).toEqual([k, 'notice']);
    }
    for (const t of NOTICE_LIBRARY) expect(NOTICE_KINDS).toContain(t.kind);
  });

  each('When “%s” is checked, then its placeholders and declared variables are the same set', (_key, t) => {
    expect(new Set(placeholdersOf(t.title + '\n' + t.body))).toEqual(new Set(t.variables.map((v) => v.name)));
    expect(new Set(t.variables.map((v) => v.name)).size).toBe(t.variables.length);
  });

  each('When “%s” is checked, then every variable is well-formed (camelCase name, known type, Chinese label, sane default)', (_key, t) => {
    for (const v of t.variables) {
      expect(v.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(NOTICE_VARIABLE_TYPES).toContain(v.type);
      expect(v.label).toMatch(/^[\u4e00-\u9fff]/);
      expect(v.label).not.toMatch(/[【】{}]/);
      if (v.defaultValue !== undefined) {
        expect(v.defaultValue.trim()).toBe(v.defaultValue);
        expect(v.defaultValue.length).toBeGreaterThan(0);
        expect(v.defaultValue.length).toBeLessThanOrEqual(NOTICE_VALUE_MAX);
        expect(v.defaultValue).not.toContain('{{');
      }
      if (v.hint !== undefined) expect(v.hint.length).toBeGreaterThan(0);
    }
    expect(new Set(t.variables.map((v) => v.label)).size).toBe(t.variables.length);
    expect(t.variables.filter((v) => v.type === 'phone' && !v.defaultValue).length).toBeGreaterThanOrEqual(1);
  });

  each('When “%s” is filled with sample values, then nothing is left open and the title is short', (_key, t) => {
    const r = renderNotice(t, allSamples(t));
    expect(r.missing).toEqual([]);
    expect(r.title + r.body).not.toContain('{{');
    expect(r.title + r.body).not.toContain('【');
    expect(chars(r.title)).toBeLessThanOrEqual(NOTICE_TITLE_MAX);
    expect(chars(r.title)).toBeLessThanOrEqual(20);
    expect(chars(r.body)).toBeLessThanOrEqual(NOTICE_BODY_MAX);
  });

  each('When only the required fields of “%s” are filled, then defaults complete it and the body is 80–400 characters', (_key, t) => {
    const r = renderNotice(t, requiredSamples(t));
    expect(r.missing).toEqual([]);
    expect(r.body).not.toContain('{{');
    expect(chars(r.body)).toBeGreaterThanOrEqual(80);
    expect(chars(r.body)).toBeLessThanOrEqual(400);
    for (const v of t.variables.filter((x) => x.defaultValue)) expect(r.title + r.body).toContain(v.defaultValue);
  });

  each('When “%s” is rendered with no values, then exactly the variables without defaults are missing and shown as 【label】', (_key, t) => {
    const r = renderNotice(t, {});
    const required = t.variables.filter((v) => !v.defaultValue).map((v) => ({ name: v.name, label: v.label }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...r.missing].sort(byName)).toEqual([...required].sort(byName));
    for (const m of r.missing) expect(r.title + r.body).toContain(`【${m.label}】`);
    expect(r.title + r.body).not.toContain('{{');
  });

  each('When the body of “%s” is read, then it opens with a 称呼 and carries neither the 落款 nor a date line', (_key, t) => {
    expect(t.signature).toBe('物业服务中心');
    const ls = lines(t.body);
    expect(ls[0]).toMatch(/^尊敬的[^\n：]+：$/);
    expect(ls[1]).toBe('');
    const rendered = lines(renderNotice(t, allSamples(t)).body);
    for (const l of [...ls, ...rendered]) {
      expect(l).not.toMatch(DATE_LINE);
      expect(l).not.toMatch(/物业服务中心$/);
      expect(l).not.toMatch(/^(.{0,12})?物业(服务中心|管理处|公司)\s*$/);
    }
    expect(ls[ls.length - 1]).not.toBe('');
    expect(t.body).not.toMatch(/\n{3,}/);
    expect(t.body).not.toMatch(/[ \t]+\n/);
    expect(t.body).toBe(t.body.trim());
  });

  each('When the title of “%s” is read, then it is one short line with no 称呼 or punctuation at the end', (_key, t) => {
    expect(t.title).not.toContain('\n');
    expect(t.title).toBe(t.title.trim());
    expect(t.title).not.toMatch(/[：。！，]$/);
  });

  test('When the reminders are read, then they give the practical advice owners expect', () => {
    const byKey = Object.fromEntries(NOTICE_LIBRARY.map((t) => [t.key, t]));
    const spring = byKey['spring-festival'].body;
    for (const w of ['烟花爆竹', '防火', '防盗', '关好门窗', '值班电话']) expect(spring).toContain(w);
    const weather = byKey['weather-change'].body;
    for (const w of ['降温', '大风', '暴雨']) expect(weather).toContain(w);
    const lost = byKey['lost-found'].variables.map((v) => v.name);
    expect(lost).toEqual(expect.arrayContaining(['item', 'foundPlace', 'foundDate', 'claimPlace', 'contactPhone']));
    const water = byKey['water-outage'].variables;
    expect(water.find((v) => v.name === 'contactPhone')).toMatchObject({ type: 'phone' });
    expect(water.find((v) => v.name === 'contactPhone')?.defaultValue).toBeUndefined();
    expect(water.find((v) => v.name === 'reason')?.defaultValue).toBe('市政供水管网维修');
  });
});

describe('renderNotice, placeholdersOf and summaryOf', () => {
  const tpl = {
    title: '{{ date }}停水通知',
    body: '尊敬的各位业主：\n\n因{{reason}}，{{date}}{{timeRange}}停水，范围{{buildings}}。电话{{contactPhone}}，再次提醒：{{date}}。',
    variables: [
      { name: 'date', label: '停水日期', type: 'date' as const },
      { name: 'timeRange', label: '停水时段', type: 'timeRange' as const },
      { name: 'reason', label: '停水原因', type: 'text' as const, defaultValue: '管网维修' },
      { name: 'buildings', label: '停水范围', type: 'buildings' as const, defaultValue: '全体楼栋' },
      { name: 'contactPhone', label: '联系电话', type: 'phone' as const },
    ],
  };

  test('When placeholders are listed, then names come once each in order of first use, with spaces inside braces allowed', () => {
    expect(placeholdersOf(tpl.title + tpl.body)).toEqual(['date', 'reason', 'timeRange', 'buildings', 'contactPhone']);
    expect(placeholdersOf('{{a}}{{  b  }}{{a}}{{c1_d}}')).toEqual(['a', 'b', 'c1_d']);
  });

  test('When a brace text is not a valid name, then it is not a placeholder and is left as it is', () => {
    expect(placeholdersOf('{{1x}} {{a-b}} {{}} {{中文}} {a} {{ok}}')).toEqual(['ok']);
    expect(renderNotice({ title: '{{1x}}', body: '{{中文}}', variables: [] }, {})).toEqual({ title: '{{1x}}', body: '{{中文}}', missing: [] });
  });

  test('When values are given with spaces, then they are trimmed and every occurrence is filled, including `{{ date }}`', () => {
    const r = renderNotice(tpl, { date: '  2026年12月3日 ', timeRange: '\t08:00–17:00\n', contactPhone: ' 0571-88886666 ' });
    expect(r.title).toBe('2026年12月3日停水通知');
    expect(r.body).toBe('尊敬的各位业主：\n\n因管网维修，2026年12月3日08:00–17:00停水，范围全体楼栋。电话0571-88886666，再次提醒：2026年12月3日。');
    expect(r.missing).toEqual([]);
  });

  test('When a value is given, then it wins over the default; when it is blank, then the default is used', () => {
    const base = { date: 'd', timeRange: 't', contactPhone: 'p' };
    expect(renderNotice(tpl, { ...base, reason: '水箱清洗', buildings: '3栋' }).body).toContain('因水箱清洗，');
    expect(renderNotice(tpl, { ...base, reason: '水箱清洗', buildings: '3栋' }).body).toContain('范围3栋。');
    expect(renderNotice(tpl, { ...base, reason: '   ', buildings: undefined }).body).toContain('因管网维修，');
    expect(renderNotice(tpl, { ...base, reason: '', buildings: '' }).body).toContain('范围全体楼栋。');
  });

  test('When required values are missing or blank, then each is reported once, in order of first use, and shown as 【label】 everywhere', () => {
    const r = renderNotice(tpl, { timeRange: '  ' });
    expect(r.missing).toEqual([
      { name: 'date', label: '停水日期' },
      { name: 'timeRange', label: '停水时段' },
      { name: 'contactPhone', label: '联系电话' },
    ]);
    expect(r.title).toBe('【停水日期】停水通知');
    expect(r.body.match(/【停水日期】/g)).toHaveLength(2);
    expect(r.body).toContain('【停水时段】');
    expect(r.body).toContain('电话【联系电话】');
  });

  test('When the text uses a placeholder that is not declared, then it is missing under its own name', () => {
    const r = renderNotice({ title: 'T', body: '请到{{office}}办理', variables: [] }, {});
    expect(r.missing).toEqual([{ name: 'office', label: 'office' }]);
    expect(r.body).toBe('请到【office】办理');
    expect(renderNotice({ title: 'T', body: '请到{{office}}办理', variables: [] }, { office: '前台' }).body).toBe('请到前台办理');
  });

  test('When a value itself looks like a placeholder or has $ signs, then it is inserted literally, not expanded', () => {
    const r = renderNotice({ title: '{{a}}', body: '{{b}}', variables: [{ name: 'a', label: 'A', type: 'text' }, { name: 'b', label: 'B', type: 'text' }] }, { a: '{{b}}', b: "$& $1 $'" });
    expect(r.title).toBe('{{b}}');
    expect(r.body).toBe("$& $1 $'");
    expect(r.missing).toEqual([]);
  });

  test('When a body is summarised, then whitespace collapses and a long one is cut to the limit with …', () => {
    expect(summaryOf('  尊敬的各位业主：\n\n  因管网维修，\t明天停水。 ')).toBe('尊敬的各位业主： 因管网维修， 明天停水。');
    expect(summaryOf('一二三四五', 5)).toBe('一二三四五');
    expect(summaryOf('一二三四五六', 5)).toBe('一二三四…');
    const long = '停'.repeat(100);
    expect(summaryOf(long)).toHaveLength(60);
    expect(summaryOf(long).endsWith('…')).toBe(true);
    expect(summaryOf('停'.repeat(60))).toBe('停'.repeat(60));
    expect(summaryOf('   ')).toBe('');
  });

  test('When a library body is summarised, then the summary starts with its 称呼 and fits 60 characters', () => {
    for (const t of NOTICE_LIBRARY) {
      const s = summaryOf(renderNotice(t, allSamples(t)).body);
      expect(s.length).toBeLessThanOrEqual(60);
      expect(s.startsWith(t.body.split('\n')[0])).toBe(true);
      expect(s.endsWith('…')).toBe(true);
    }
  });
});

describe('the notice table', () => {
  test('When a notice is scheduled or published, then it can be edited (staying so) or withdrawn; a withdrawn one, neither', () => {
    for (const s of ['scheduled', 'published'] as const) {
      expect(NOTICE_MACHINE.allowed(s)).toEqual(['update', 'withdraw']);
      expect(NOTICE_MACHINE.next(s, 'update')).toBe(s);
      expect(NOTICE_MACHINE.next(s, 'withdraw')).toBe('withdrawn');
    }
    expect(NOTICE_MACHINE.allowed('withdrawn')).toEqual([]);
  });

  test('When a withdrawn notice is edited, then the refusal is 409 NOTICE.WITHDRAWN naming its state', () => {
    const r = NOTICE_MACHINE.check('withdrawn', 'update');
    expect(r).toEqual({
      ok: false,
      refusal: { code: 'NOTICE.WITHDRAWN', message: '通知当前为“已撤回”，不能修改（需通知处于“待发布”、“已发布”）', details: { from: 'withdrawn', event: 'update' } },
    });
    expect(statusOf('NOTICE.WITHDRAWN')).toBe(409);
  });
});

test('When 停水范围 names buildings of the community, then they are the notice audience; 全体楼栋 or an unknown name is everyone', () => {
  const tpl = NOTICE_LIBRARY.find((t) => t.key === 'water-outage')!;
  const buildings = [
    { id: 'b1', name: '1栋' },
    { id: 'b2', name: '2栋' },
    { id: 'b3', name: '3栋' },
  ];
  expect(scopeBuildingIds(tpl.variables, { buildings: '3栋、1栋' }, buildings)).toEqual(['b1', 'b3']);
  expect(scopeBuildingIds(tpl.variables, { buildings: '1栋, 2栋' }, buildings)).toEqual(['b1', 'b2']);
  expect(scopeBuildingIds(tpl.variables, { buildings: '全体楼栋' }, buildings)).toBeNull();
  expect(scopeBuildingIds(tpl.variables, {}, buildings)).toBeNull();
  expect(scopeBuildingIds(tpl.variables, { buildings: '9栋' }, buildings)).toBeNull();
  // A template without a scope blank never sets the audience.
  expect(scopeBuildingIds([{ name: 'buildings', type: 'text' }], { buildings: '1栋' }, buildings)).toBeNull();
});
