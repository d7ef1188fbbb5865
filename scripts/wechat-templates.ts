/**
 * `npm run wechat:templates [-- --json]`: what to register in the WeChat consoles, from the
 * template registry (cloud/lib/wechat/template-registry.ts). Each template is registered twice:
 * as a subscribe message in the mini-program's console (小程序订阅消息) and as a template message
 * in the official account's (公众号模板消息). The ids WeChat gives and the keyword numbers of the
 * chosen templates then go into the configuration (WECHAT_TEMPLATES; docs/deploy.md).
 */
import { AUDIENCE_LABELS, FIELD_TYPE_RULES, TEMPLATES, type FieldType } from '../cloud/lib/wechat/template-registry';

export const CHANNELS = { subscribe: '小程序订阅消息', officialAccount: '公众号模板消息' } as const;

export interface TemplateRegistration {
  key: string;
  title: string;
  /** Who receives it: 业主 or 员工. */
  audience: string;
  /** The mini-program page the message opens. */
  page: string;
  subscribe: {
    channel: typeof CHANNELS.subscribe;
    /** Our field name → choose the keyword that fits; its number goes to WECHAT_TEMPLATES[key].keywords[name]. */
    keywords: { name: string; label: string; type: FieldType; rule: string; example: string }[];
  };
  officialAccount: {
    channel: typeof CHANNELS.officialAccount;
    first: string;
    keywords: { key: string; name: string; label: string; example: string }[];
    remark: string;
  };
  /** Where its settings go. */
  setting: string;
}

export function templateRegistrations(): TemplateRegistration[] {
  return TEMPLATES.map((t) => {
    const byName = new Map(t.fields.map((f) => [f.name, f]));
    return {
      key: t.key,
      title: t.title,
      audience: AUDIENCE_LABELS[t.audience],
      page: t.page,
      subscribe: {
        channel: CHANNELS.subscribe,
        keywords: t.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, rule: FIELD_TYPE_RULES[f.type], example: f.example })),
      },
      officialAccount: {
        channel: CHANNELS.officialAccount,
        first: t.oa.first,
        keywords: t.oa.keywords.map((name, i) => ({ key: `keyword${i + 1}`, name, label: byName.get(name)?.label ?? name, example: byName.get(name)?.example ?? '' })),
        remark: t.oa.remark,
      },
      setting: `WECHAT_TEMPLATES[${JSON.stringify(t.key)}]`,
    };
  });
}

export function formatRegistrations(list: TemplateRegistration[] = templateRegistrations()): string {
  const lines = [
    `要在微信后台登记的消息模板：${list.length} 个（由 cloud/lib/wechat/template-registry.ts 生成）`,
    `每个模板登记两处：小程序后台「订阅消息」（${CHANNELS.subscribe}）和公众号后台「模板消息」（${CHANNELS.officialAccount}）。`,
    '在模板库中选标题相近、关键词能对上下列字段的模板（类型要一致：thing 对 thing），记下模板 ID 和每个关键词的编号（如 thing2），',
    '填入配置 WECHAT_TEMPLATES（样例 docs/samples/config.sample.json，步骤见 docs/deploy.md），再运行 npm run check:deploy。',
  ];
  list.forEach((r, i) => {
    lines.push('', `${i + 1}. ${r.key} — ${r.title}（发给${r.audience}）`);
    lines.push(`   ${r.subscribe.channel}：标题「${r.title}」，打开页面 ${r.page}`);
    for (const k of r.subscribe.keywords) lines.push(`     - ${k.label}：${k.type}（${k.rule}），例：${k.example}  → keywords.${k.name}`);
    lines.push(`   ${r.officialAccount.channel}：标题「${r.title}」，打开小程序页面 ${r.page}`);
    lines.push(`     - first：${r.officialAccount.first}`);
    for (const k of r.officialAccount.keywords) lines.push(`     - ${k.key}：${k.label}，例：${k.example}`);
    lines.push(`     - remark：${r.officialAccount.remark}`);
    lines.push(`   配置：${r.setting} = { "templateId": 订阅消息模板 ID, "keywords": { ${r.subscribe.keywords.map((k) => `"${k.name}": "${k.type}…"`).join(', ')} }, "oa": { "templateId": 公众号模板 ID } }`);
  });
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  process.stdout.write(process.argv.includes('--json') ? JSON.stringify(templateRegistrations(), null, 2) + '\n' : formatRegistrations());
}
