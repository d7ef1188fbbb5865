import { z } from 'zod';
import { DEMO_TEMPLATE_IDS, DEMO_TEMPLATES, DEMO_WECHAT, TOURIST_APPID } from './config-demo';
import { settingPath, zhErrorMap, zodProblems, type ConfigValues } from './config-file';
import { TEMPLATES, type TemplateKey, type TemplateSetting } from './wechat/template-registry';

/**
 * The WeChat part of the configuration (part of cloud/lib/config.ts): the mini-program's and the
 * official account's app ids and secrets, and per template of the registry its ids and keyword
 * numbers (WECHAT_TEMPLATES). Outside production whatever is missing takes the demo's value
 * (cloud/lib/config-demo.ts); in production a missing or demo value is a problem, each named.
 */
export type AppSetting = keyof typeof DEMO_WECHAT;

const APP_ID = /^wx[0-9a-fA-F]{16}$/;
const APP_SECRET = /^[0-9a-zA-Z]{32}$/;
const APP_FORMAT: Record<AppSetting, { re: RegExp; hint: string }> = {
  WECHAT_APPID: { re: APP_ID, hint: '应为 wx 开头的 18 位小程序 AppID（小程序后台“开发管理 → 开发设置”）' },
  WECHAT_SECRET: { re: APP_SECRET, hint: '应为 32 位小程序 AppSecret（小程序后台“开发管理 → 开发设置”）' },
  WECHAT_OA_APPID: { re: APP_ID, hint: '应为 wx 开头的 18 位公众号 AppID（公众号后台“设置与开发 → 基本配置”）' },
  WECHAT_OA_SECRET: { re: APP_SECRET, hint: '应为 32 位公众号 AppSecret（公众号后台“设置与开发 → 基本配置”）' },
};

/** A value that is the demo's (never right in production). */
export function isDemoValue(name: string, value: string): boolean {
  return (DEMO_WECHAT as Record<string, string>)[name] === value || (name === 'WECHAT_APPID' && value === TOURIST_APPID) || DEMO_TEMPLATE_IDS.has(value);
}

/** One app id or secret: the configured one, the demo's outside production, or a problem. */
export function appSetting(values: ConfigValues, name: AppSetting, production: boolean, problems: string[], demoDefaults: string[]): string {
  const v = values[name];
  if (!v) {
    if (production) problems.push(`${name} 未设置（生产环境不使用演示默认值）`);
    else demoDefaults.push(name);
    return DEMO_WECHAT[name];
  }
  if (production && isDemoValue(name, v)) problems.push(`${name} 是演示值 ${v}，生产环境不能使用`);
  else if (production && !APP_FORMAT[name].re.test(v)) problems.push(`${name} 格式不对：${APP_FORMAT[name].hint}`);
  return v;
}

/** An empty string is "not set" (a blank left in a copied sample). */
const blankIsUnset = (v: unknown) => (v === '' ? undefined : v);
const TEMPLATE_ID = z.preprocess(blankIsUnset, z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, '格式不对：应为微信后台“我的模板”中的模板 ID（20–64 位字母、数字、- 或 _）').optional());
const settingSchema = z
  .object({
    templateId: TEMPLATE_ID,
    keywords: z.record(z.string(), z.preprocess(blankIsUnset, z.string().optional())).optional(),
    oa: z.object({ templateId: TEMPLATE_ID }).strict().optional(),
  })
  .strict();
const templatesSchema = z.record(z.string(), z.unknown());

const at = (key: string, ...rest: string[]) => settingPath(['WECHAT_TEMPLATES', key, ...rest]);

/**
 * Every template of the registry with its ids and keyword numbers. Checks: known template keys only;
 * a keywords object maps every field of the template, each to a key of the field's type
 * (`thing2` for a thing), no key twice; ids well-formed and all different; in production nothing
 * missing and no demo id.
 */
export function templateSettings(values: ConfigValues, production: boolean, problems: string[], demoDefaults: string[]): Record<TemplateKey, TemplateSetting> {
  let raw: unknown = {};
  if (values.WECHAT_TEMPLATES) {
    try {
      raw = JSON.parse(values.WECHAT_TEMPLATES);
    } catch (err) {
      problems.push(`WECHAT_TEMPLATES 不是有效的 JSON：${(err as Error).message}`);
    }
  }
  const parsed = templatesSchema.safeParse(raw, { errorMap: zhErrorMap });
  if (!parsed.success) problems.push(...zodProblems(parsed.error, ['WECHAT_TEMPLATES']));
  const keys = TEMPLATES.map((t) => t.key as string);
  // Entry by entry, so one bad entry is named alone (the others are still checked).
  const given: Record<string, z.infer<typeof settingSchema>> = {};
  const malformed = new Set<string>();
  for (const [key, entry] of Object.entries(parsed.success ? parsed.data : {})) {
    if (!keys.includes(key)) {
      problems.push(`${at(key)} 不是已登记的模板（已登记：${keys.join('、')}；见 npm run wechat:templates）`);
      continue;
    }
    const e = settingSchema.safeParse(entry, { errorMap: zhErrorMap });
    if (e.success) given[key] = e.data;
    else {
      problems.push(...zodProblems(e.error, ['WECHAT_TEMPLATES', key]));
      malformed.add(key);
    }
  }

  const out = {} as Record<TemplateKey, TemplateSetting>;
  const idOwners = new Map<string, string>();
  const id = (key: string, path: string[], value: string | undefined, demo: string): string => {
    const name = at(key, ...path);
    let v = value;
    if (!v) {
      if (production) problems.push(`${name} 未设置`);
      else demoDefaults.push(name);
      v = demo;
    } else if (production && DEMO_TEMPLATE_IDS.has(v)) problems.push(`${name} 是演示用的模板 ID，请换成微信后台“我的模板”中的模板 ID`);
    const other = idOwners.get(v);
    if (other) problems.push(`${name} 与 ${other} 相同：每个模板的 ID 都不一样`);
    else idOwners.set(v, name);
    return v;
  };
  for (const t of TEMPLATES) {
    // A malformed entry is named above; its parts are not reported again as missing.
    if (malformed.has(t.key)) {
      out[t.key] = DEMO_TEMPLATES[t.key];
      continue;
    }
    const g = given[t.key] ?? {};
    const demo = DEMO_TEMPLATES[t.key];
    const templateId = id(t.key, ['templateId'], g.templateId, demo.templateId);
    const oaTemplateId = id(t.key, ['oa', 'templateId'], g.oa?.templateId, demo.oa.templateId);
    let keywords: Record<string, string> = demo.keywords;
    if (g.keywords === undefined) {
      const needed = t.fields.map((f) => `${f.name}（${f.type}）`).join('、');
      if (production) problems.push(`${at(t.key, 'keywords')} 未设置：需要 ${needed}各自在所选模板中的关键词编号（如 "thing2"）`);
      else demoDefaults.push(at(t.key, 'keywords'));
    } else {
      keywords = {};
      const fieldNames = t.fields.map((f) => f.name);
      for (const name of Object.keys(g.keywords)) if (!fieldNames.includes(name)) problems.push(`${at(t.key, 'keywords', name)} 不是该模板的字段（字段：${fieldNames.join('、')}）`);
      const byKey = new Map<string, string>();
      for (const f of t.fields) {
        const k = g.keywords[f.name];
        const name = at(t.key, 'keywords', f.name);
        if (!k) problems.push(`${name} 未设置（应为 ${f.type} 加编号，如 ${f.type}2：“${f.label}”在所选模板中的关键词）`);
        else if (!new RegExp(`^${f.type}\\d+$`).test(k)) problems.push(`${name} 应为 ${f.type} 类关键词（${f.type} 加编号，如 ${f.type}2），当前为 ${k}`);
        else if (byKey.has(k)) problems.push(`${name} 与 ${byKey.get(k)} 都是 ${k}：每个字段对应不同的关键词`);
        else {
          byKey.set(k, name);
          keywords[f.name] = k;
        }
      }
    }
    out[t.key] = { templateId, keywords, oa: { templateId: oaTemplateId } };
  }
  return out;
}
