import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyConfigFile, ConfigError, knownSettings, parseClientBuildConfig, parseConfig } from '../../cloud/lib/config';
import { DEMO_TEMPLATES, DEMO_WECHAT, TOURIST_APPID } from '../../cloud/lib/config-demo';
import { messageTemplates } from '../../cloud/lib/wechat/templates';
import { taroEnv, writeProjectConfig } from '../../scripts/build-weapp';
import { TEMPLATES } from '../../cloud/lib/wechat/template-registry';

/**
 * The deployment's configuration: WeChat app ids, secrets and every template's ids and keyword
 * numbers from the environment and/or a file (WUYE_CONFIG), demo values outside production only.
 */
const SESSION_SECRET = randomBytes(32).toString('hex');
const SAMPLE = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/samples/config.sample.json'), 'utf8')) as Record<string, unknown> & {
  WECHAT_TEMPLATES: Record<string, { templateId?: string; keywords?: Record<string, string>; oa?: { templateId?: string } }>;
};
/** A complete production configuration: the sample plus the secrets it leaves to the environment. */
const PRODUCTION = {
  ...Object.fromEntries(Object.entries(SAMPLE).filter(([k]) => !k.startsWith('//') && k !== 'WECHAT_TEMPLATES')),
  WECHAT_TEMPLATES: JSON.stringify(SAMPLE.WECHAT_TEMPLATES),
  SESSION_SECRET,
  WECHAT_SECRET: randomBytes(16).toString('hex'),
  WECHAT_OA_SECRET: randomBytes(16).toString('hex'),
} as Record<string, string>;

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
const withTemplates = (change: (t: typeof SAMPLE.WECHAT_TEMPLATES) => void) => {
  const t = structuredClone(SAMPLE.WECHAT_TEMPLATES);
  change(t);
  return { ...PRODUCTION, WECHAT_TEMPLATES: JSON.stringify(t) };
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wy-config-'));
const file = (name: string, content: unknown) => {
  const p = path.join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('demo defaults outside production', () => {
  test('When nothing WeChat-specific is configured in development, then the demo app ids and every demo template are used, and say so', () => {
    const c = parseConfig({ SESSION_SECRET });
    expect(c.wechat).toMatchObject({ appId: DEMO_WECHAT.WECHAT_APPID, secret: DEMO_WECHAT.WECHAT_SECRET, oa: { appId: DEMO_WECHAT.WECHAT_OA_APPID, secret: DEMO_WECHAT.WECHAT_OA_SECRET } });
    expect(c.wechat.templates).toEqual(DEMO_TEMPLATES);
    expect(c.demoDefaults).toEqual(expect.arrayContaining(['WECHAT_APPID', 'WECHAT_OA_SECRET', 'WECHAT_TEMPLATES["fee.reminder"].templateId', 'WECHAT_TEMPLATES["fee.reminder"].keywords']));
  });

  test('When one template is configured in development, then it is used and the others stay the demo ones', () => {
    const mine = { templateId: 'MyFeeReminderTemplateId0000000000000000000', keywords: { item: 'thing3', amount: 'amount1', dueDate: 'time2', unit: 'thing4', remark: 'thing5' }, oa: { templateId: 'MyOaFeeReminderTemplateId00000000000000000' } };
    // dueDate is a date field: time2 is the wrong type.
    expect(problemsOf(() => parseConfig({ SESSION_SECRET, WECHAT_TEMPLATES: JSON.stringify({ 'fee.reminder': mine }) }))).toEqual([
      'WECHAT_TEMPLATES["fee.reminder"].keywords.dueDate 应为 date 类关键词（date 加编号，如 date2），当前为 time2',
    ]);
    const c = parseConfig({ SESSION_SECRET, WECHAT_TEMPLATES: JSON.stringify({ 'fee.reminder': { ...mine, keywords: { ...mine.keywords, dueDate: 'date2' } } }) });
    expect(c.wechat.templates['fee.reminder']).toEqual({ ...mine, keywords: { ...mine.keywords, dueDate: 'date2' } });
    expect(c.wechat.templates['repair.progress']).toEqual(DEMO_TEMPLATES['repair.progress']);
    // What is sent follows the configuration.
    const sent = messageTemplates(c).find((t) => t.key === 'fee.reminder')!;
    expect(sent.templateId).toBe(mine.templateId);
    expect(sent.fields.map((f) => f.key)).toEqual(['thing3', 'amount1', 'date2', 'thing4', 'thing5']);
  });
});

describe('production', () => {
  test('When the sample configuration and the secrets are given, then production accepts them', () => {
    const c = parseConfig(PRODUCTION);
    expect(c.env).toBe('production');
    expect(c.demoDefaults).toEqual([]);
    expect(c.wechat.templates['fee.reminder'].templateId).toBe(SAMPLE.WECHAT_TEMPLATES['fee.reminder'].templateId);
  });

  test('When production has no WeChat settings at all, then one error lists every app id, secret, template id and keyword mapping', () => {
    const problems = problemsOf(() => parseConfig({ NODE_ENV: 'production', SESSION_SECRET }));
    for (const name of ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_OA_APPID', 'WECHAT_OA_SECRET']) expect(problems).toContain(`${name} 未设置（生产环境不使用演示默认值）`);
    for (const t of TEMPLATES) {
      expect(problems).toContain(`WECHAT_TEMPLATES["${t.key}"].templateId 未设置`);
      expect(problems).toContain(`WECHAT_TEMPLATES["${t.key}"].oa.templateId 未设置`);
      expect(problems.some((p) => p.startsWith(`WECHAT_TEMPLATES["${t.key}"].keywords 未设置：需要 ${t.fields[0].name}（${t.fields[0].type}）`))).toBe(true);
    }
    expect(problems).toHaveLength(4 + TEMPLATES.length * 3);
    expect(() => parseConfig({ NODE_ENV: 'production', SESSION_SECRET })).toThrow(/配置有误：\n {2}- WECHAT_APPID 未设置/);
  });

  test('When one template id is missing in production, then exactly that setting is named', () => {
    expect(problemsOf(() => parseConfig(withTemplates((t) => delete t['fee.reminder'].templateId)))).toEqual(['WECHAT_TEMPLATES["fee.reminder"].templateId 未设置']);
    // A blank left in a copied sample counts as not set.
    expect(problemsOf(() => parseConfig(withTemplates((t) => (t['repair.alert'].oa = { templateId: '' }))))).toEqual(['WECHAT_TEMPLATES["repair.alert"].oa.templateId 未设置']);
  });

  test('When a template id is malformed, then it is named with what it should look like (in development too)', () => {
    const env = withTemplates((t) => (t['fee.reminder'].templateId = '缴费 提醒'));
    const expected = 'WECHAT_TEMPLATES["fee.reminder"].templateId 格式不对：应为微信后台“我的模板”中的模板 ID（20–64 位字母、数字、- 或 _）';
    expect(problemsOf(() => parseConfig(env))).toEqual([expected]);
    expect(problemsOf(() => parseConfig({ ...env, NODE_ENV: 'development' }))).toEqual([expected]);
  });

  test('When keywords are incomplete, unknown, of the wrong type or used twice, then each is named', () => {
    const env = withTemplates((t) => {
      const k = t['fee.reminder'].keywords!;
      delete k.unit;
      k.amount = 'thing2';
      k.remark = 'thing1'; // item is thing1 too
      k.colour = 'thing9';
    });
    expect(problemsOf(() => parseConfig(env)).sort()).toEqual(
      [
        'WECHAT_TEMPLATES["fee.reminder"].keywords.colour 不是该模板的字段（字段：item、amount、dueDate、unit、remark）',
        'WECHAT_TEMPLATES["fee.reminder"].keywords.amount 应为 amount 类关键词（amount 加编号，如 amount2），当前为 thing2',
        'WECHAT_TEMPLATES["fee.reminder"].keywords.unit 未设置（应为 thing 加编号，如 thing2：“房屋”在所选模板中的关键词）',
        'WECHAT_TEMPLATES["fee.reminder"].keywords.remark 与 WECHAT_TEMPLATES["fee.reminder"].keywords.item 都是 thing1：每个字段对应不同的关键词',
      ].sort(),
    );
  });

  test('When a template key is unknown, a property is misspelt, two templates share an id or the JSON is broken, then each is named', () => {
    expect(problemsOf(() => parseConfig(withTemplates((t) => (t['fee.remind'] = t['fee.reminder']))))).toEqual([
      `WECHAT_TEMPLATES["fee.remind"] 不是已登记的模板（已登记：${TEMPLATES.map((t) => t.key).join('、')}；见 npm run wechat:templates）`,
    ]);
    expect(problemsOf(() => parseConfig(withTemplates((t) => Object.assign(t['fee.reminder'], { templateID: 'x' }))))).toEqual(['WECHAT_TEMPLATES["fee.reminder"] 有未知的设置 templateID']);
    expect(problemsOf(() => parseConfig(withTemplates((t) => (t['repair.alert'].templateId = t['fee.reminder'].templateId))))).toEqual([
      'WECHAT_TEMPLATES["fee.reminder"].templateId 与 WECHAT_TEMPLATES["repair.alert"].templateId 相同：每个模板的 ID 都不一样',
    ]);
    expect(problemsOf(() => parseConfig({ ...PRODUCTION, WECHAT_TEMPLATES: '{"fee.reminder": ' }))[0]).toMatch(/^WECHAT_TEMPLATES 不是有效的 JSON：/);
  });

  test('When demo values are given explicitly in production, then each is refused', () => {
    const problems = problemsOf(() =>
      parseConfig({ ...withTemplates((t) => (t['notice.published'].templateId = DEMO_TEMPLATES['notice.published'].templateId)), WECHAT_APPID: TOURIST_APPID, WECHAT_OA_SECRET: DEMO_WECHAT.WECHAT_OA_SECRET, DEMO_MODE: '1' }),
    );
    expect(problems).toEqual([
      '生产环境不能开启演示模式 DEMO_MODE',
      'WECHAT_APPID 是演示值 touristappid，生产环境不能使用',
      'WECHAT_OA_SECRET 是演示值 demo_oa_secret，生产环境不能使用',
      'WECHAT_TEMPLATES["notice.published"].templateId 是演示用的模板 ID，请换成微信后台“我的模板”中的模板 ID',
    ]);
  });

  test('When an app id or secret does not look like WeChat\'s, then production names it with where to find the right one', () => {
    expect(problemsOf(() => parseConfig({ ...PRODUCTION, WECHAT_APPID: 'wx12345', WECHAT_SECRET: 'short' }))).toEqual([
      'WECHAT_APPID 格式不对：应为 wx 开头的 18 位小程序 AppID（小程序后台“开发管理 → 开发设置”）',
      'WECHAT_SECRET 格式不对：应为 32 位小程序 AppSecret（小程序后台“开发管理 → 开发设置”）',
    ]);
  });
});

describe('errors in Chinese', () => {
  test('When ordinary settings are malformed, then each is named with a Chinese reason and no value is echoed', () => {
    const problems = problemsOf(() => parseConfig({ SESSION_SECRET, PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'not a uri' }));
    expect(problems).toEqual(['PORT 应为数字', 'MONGODB_URI 不是有效的网址', 'LOG_LEVEL 应为 debug、info、warn、error、silent 之一']);
    expect(problemsOf(() => parseConfig({ SESSION_SECRET: 'short-but-secret' }))).toEqual(['SESSION_SECRET 至少 32 个字符']);
  });
});

describe('the configuration file (WUYE_CONFIG)', () => {
  test('When settings come from the file, then they are used, and the environment wins name by name', () => {
    const f = file('prod.json', { ...SAMPLE, SESSION_SECRET, WECHAT_SECRET: 'a'.repeat(16) + 'b'.repeat(16), WECHAT_OA_SECRET: randomBytes(16).toString('hex'), PORT: 8080 });
    const envSecret = randomBytes(16).toString('hex');
    const c = parseConfig({ WUYE_CONFIG: f, WECHAT_SECRET: envSecret, PORT: '' });
    expect(c).toMatchObject({ env: 'production', port: 8080, configFile: f, wechat: { appId: SAMPLE.WECHAT_APPID, secret: envSecret } });
    expect(c.wechat.templates['binding.result'].templateId).toBe(SAMPLE.WECHAT_TEMPLATES['binding.result'].templateId);
    // WECHAT_TEMPLATES in the environment replaces the file's as a whole: here, nothing but fee.reminder → the rest is missing.
    const only = JSON.stringify({ 'fee.reminder': SAMPLE.WECHAT_TEMPLATES['fee.reminder'] });
    expect(problemsOf(() => parseConfig({ WUYE_CONFIG: f, WECHAT_TEMPLATES: only }))).toContain('WECHAT_TEMPLATES["repair.progress"].templateId 未设置');
  });

  test('When the file has an unknown key, is not JSON, is not an object or is missing, then it is named', () => {
    expect(problemsOf(() => parseConfig({ WUYE_CONFIG: file('typo.json', { WECHAT_APPIDD: 'wx', '//': 'a comment is fine' }) }))).toEqual(['WECHAT_APPIDD 不是已知的设置（拼写错误？所有设置见 docs/configuration.md）']);
    expect(() => parseConfig({ WUYE_CONFIG: file('broken.json', '{ "NODE_ENV": ') })).toThrow(/^配置文件 .*broken\.json 不是有效的 JSON/);
    expect(() => parseConfig({ WUYE_CONFIG: file('array.json', '[]') })).toThrow('应为一个 JSON 对象');
    expect(() => parseConfig({ WUYE_CONFIG: path.join(tmp, 'nope.json') })).toThrow(/^无法读取配置文件 .*nope\.json（WUYE_CONFIG）/);
  });

  test('When the configuration names its settings, then every schema variable, job interval and client build setting is known to the file', () => {
    const known = knownSettings();
    for (const name of ['MONGODB_URI', 'WECHAT_TEMPLATES', 'CLOUDBASE_ENV', 'FILE_STORE', 'TARO_APP_TRANSPORT', 'TARO_APP_API_BASE', 'OUTBOX_JOB_INTERVAL_MS']) expect(known.has(name)).toBe(true);
    expect(known.has('WUYE_CONFIG')).toBe(false);
  });

  test('When docs/configuration.md is read, then it names every setting a configuration may hold', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/configuration.md'), 'utf8');
    expect([...knownSettings(), 'WUYE_CONFIG'].filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  test('When npm start applies the file to its environment, then only unset variables are filled', () => {
    const f = file('start.json', { MONGODB_URI: 'mongodb://db.example.com/wuye', WECHAT_API_BASE: 'https://api.weixin.qq.com', PORT: 8080 });
    const env: NodeJS.ProcessEnv = { WUYE_CONFIG: f, PORT: '3001', MONGODB_URI: '' };
    expect(applyConfigFile(env)).toBe(f);
    expect(env).toMatchObject({ PORT: '3001', MONGODB_URI: 'mongodb://db.example.com/wuye', WECHAT_API_BASE: 'https://api.weixin.qq.com' });
    expect(applyConfigFile({})).toBeUndefined();
  });
});

describe('client build settings (npm run build:weapp)', () => {
  test('When nothing is configured, then project.config.json keeps touristappid and Taro.cloud.init uses DevTools\' environment', () => {
    expect(parseClientBuildConfig({})).toEqual({ production: false, appId: TOURIST_APPID, transport: 'gateway', cloudEnv: '' });
  });

  test('When the sample (CloudBase) configuration is given, then the app id and environment come from it, with no secret needed', () => {
    expect(parseClientBuildConfig({ WUYE_CONFIG: file('client.json', SAMPLE) })).toMatchObject({ production: true, appId: SAMPLE.WECHAT_APPID, transport: 'cloud', cloudEnv: SAMPLE.CLOUDBASE_ENV });
  });

  test('When a production client build lacks what its transport needs, then it is named', () => {
    const base = { NODE_ENV: 'production', WECHAT_APPID: 'wx0123456789abcdef' };
    expect(problemsOf(() => parseClientBuildConfig({ ...base, TARO_APP_TRANSPORT: 'cloud' }))).toEqual([expect.stringMatching(/^CLOUDBASE_ENV 未设置/)]);
    expect(problemsOf(() => parseClientBuildConfig(base))).toEqual([expect.stringMatching(/^TARO_APP_API_BASE 未设置/)]);
    expect(problemsOf(() => parseClientBuildConfig({ ...base, TARO_APP_API_BASE: 'http://wuye.example.com' }))).toEqual([expect.stringMatching(/^TARO_APP_API_BASE 应以 https:\/\/ 开头/)]);
    expect(problemsOf(() => parseClientBuildConfig({ NODE_ENV: 'production', TARO_APP_API_BASE: 'https://wuye.example.com' }))).toEqual(['WECHAT_APPID 未设置（生产环境不使用演示默认值）']);
  });

  test('When the weapp build writes project.config.json, then only appid changes, and an unchanged one is not rewritten (the client build stays fresh)', () => {
    const project = file('project.config.json', readFileSync(path.resolve(__dirname, '../../project.config.json'), 'utf8'));
    const before = JSON.parse(readFileSync(project, 'utf8')) as Record<string, unknown>;
    expect(before.appid).toBe(TOURIST_APPID);
    expect(writeProjectConfig(project, SAMPLE.WECHAT_APPID as string)).toBe(true);
    expect(JSON.parse(readFileSync(project, 'utf8'))).toEqual({ ...before, appid: SAMPLE.WECHAT_APPID });
    expect(writeProjectConfig(project, SAMPLE.WECHAT_APPID as string)).toBe(false);
  });

  test('When taro is started, then it gets the transport, gateway and CloudBase environment of the configuration', () => {
    const c = parseClientBuildConfig({ WUYE_CONFIG: file('taro.json', SAMPLE) });
    expect(taroEnv(c, { PATH: '/bin', TARO_APP_CLOUD_ENV: 'old' })).toEqual({ PATH: '/bin', TARO_APP_TRANSPORT: 'cloud', TARO_APP_CLOUD_ENV: SAMPLE.CLOUDBASE_ENV });
    expect(taroEnv(parseClientBuildConfig({}), { TARO_APP_CLOUD_ENV: 'given' })).toEqual({ TARO_APP_TRANSPORT: 'gateway', TARO_APP_CLOUD_ENV: 'given' });
  });
});
