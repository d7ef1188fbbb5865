import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AUDIENCE_LABELS, FIELD_TYPE_RULES, TEMPLATES } from '../../cloud/lib/wechat/template-registry';
import { CHANNELS, formatRegistrations, templateRegistrations } from '../../scripts/wechat-templates';

/** `npm run wechat:templates`: the list to register in the WeChat consoles, made from the registry. */
describe('npm run wechat:templates', () => {
  test('When the list is made, then it has every template of the registry with both channels, its audience, title, page and every keyword', () => {
    const list = templateRegistrations();
    expect(list.map((r) => r.key)).toEqual(TEMPLATES.map((t) => t.key));
    for (const t of TEMPLATES) {
      const r = list.find((x) => x.key === t.key)!;
      expect(r).toMatchObject({ title: t.title, audience: AUDIENCE_LABELS[t.audience], page: t.page, setting: `WECHAT_TEMPLATES["${t.key}"]` });
      expect(r.subscribe).toEqual({ channel: '小程序订阅消息', keywords: t.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, rule: FIELD_TYPE_RULES[f.type], example: f.example })) });
      expect(r.officialAccount.channel).toBe('公众号模板消息');
      expect(r.officialAccount.keywords.map((k) => [k.key, k.name])).toEqual(t.oa.keywords.map((name, i) => [`keyword${i + 1}`, name]));
      expect(r.officialAccount).toMatchObject({ first: t.oa.first, remark: t.oa.remark });
    }
  });

  test('When the list is printed, then each template shows its key, title, audience, both channels, page, and each keyword with label, type and example', () => {
    const text = formatRegistrations();
    expect(text).toContain(`要在微信后台登记的消息模板：${TEMPLATES.length} 个`);
    TEMPLATES.forEach((t, i) => {
      const block = text.slice(text.indexOf(`${i + 1}. ${t.key} — ${t.title}（发给${AUDIENCE_LABELS[t.audience]}）`), i + 1 < TEMPLATES.length ? text.indexOf(`${i + 2}. ${TEMPLATES[i + 1].key}`) : undefined);
      expect(block.length).toBeGreaterThan(0);
      expect(block).toContain(`${CHANNELS.subscribe}：标题「${t.title}」，打开页面 ${t.page}`);
      expect(block).toContain(`${CHANNELS.officialAccount}：标题「${t.title}」，打开小程序页面 ${t.page}`);
      for (const f of t.fields) expect(block).toContain(`- ${f.label}：${f.type}（${FIELD_TYPE_RULES[f.type]}），例：${f.example}  → keywords.${f.name}`);
      expect(block).toContain(`- first：${t.oa.first}`);
      expect(block).toContain(`- remark：${t.oa.remark}`);
      expect(block).toContain(`配置：WECHAT_TEMPLATES["${t.key}"]`);
    });
  });

  test('When run with --json, then it prints the same list as JSON', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../scripts/wechat-templates.ts'), '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).toEqual(templateRegistrations());
  });
});
