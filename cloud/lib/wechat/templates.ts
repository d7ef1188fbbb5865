import { chineseDate, chineseDateTime, localDay } from '@shared/domain/calendar';
import type { PageLink } from '@shared/routes';
import { getConfig, type Config } from '../config';
import { TEMPLATES, type FieldType, type TemplateDefinition, type TemplateFieldDefinition } from './template-registry';

export { FIELD_TYPES, TEMPLATES, type FieldType, type TemplateKey } from './template-registry';

/**
 * The WeChat templates as sent: the registry (cloud/lib/wechat/template-registry.ts: titles, fields,
 * types, pages, the official account's first/remark) joined with the configuration's ids and keyword
 * numbers (WECHAT_TEMPLATES in cloud/lib/config.ts; the demo's made-up ones outside production).
 *
 * `buildMessage(key, values)` validates the values against the template's fields and formats /
 * truncates each one to what WeChat accepts for its type, before anything is sent:
 * - thing ≤ 20 characters (longer: 19 + '…'); name ≤ 10 Chinese characters (other characters dropped) or 20 letters;
 * - phrase ≤ 5 Chinese characters, nothing else (WeChat answers 47003 otherwise);
 * - character_string ≤ 32 letters, digits and _-.@; number ≤ 32 digits;
 * - amount from integer 分 → '128.50元'; time/date in Asia/Shanghai ('2026年11月27日 14:05');
 * - phone_number ≤ 17 digits/+/-; car_number ≤ 8 characters ('浙A·12345' → '浙A12345').
 */
export interface TemplateField extends TemplateFieldDefinition {
  /** WeChat's key in the configured template, e.g. 'phrase3'. */
  key: string;
}

export interface MessageTemplate extends Omit<TemplateDefinition, 'fields' | 'oa'> {
  /** 订阅消息 template id (what wx.requestSubscribeMessage asks for). */
  templateId: string;
  fields: TemplateField[];
  /** Official-account template (公众号模板消息): first, keyword1…n (our field names, in order), remark. */
  oa: TemplateDefinition['oa'] & { templateId: string };
}

interface Resolved {
  list: readonly MessageTemplate[];
  byKey: Map<string, MessageTemplate>;
  /** By subscribe-message or official-account template id. */
  byId: Map<string, MessageTemplate>;
}

const resolvedFor = new WeakMap<Config, Resolved>();

function resolved(config: Config = getConfig()): Resolved {
  let r = resolvedFor.get(config);
  if (!r) {
    const list = TEMPLATES.map((t): MessageTemplate => {
      const s = config.wechat.templates[t.key];
      return { ...t, templateId: s.templateId, fields: t.fields.map((f) => ({ ...f, key: s.keywords[f.name] })), oa: { ...t.oa, templateId: s.oa.templateId } };
    });
    r = { list, byKey: new Map(list.map((t) => [t.key, t])), byId: new Map(list.flatMap((t) => [[t.templateId, t] as const, [t.oa.templateId, t] as const])) };
    resolvedFor.set(config, r);
  }
  return r;
}

/** Every template with the configured ids and keyword numbers. */
export function messageTemplates(config?: Config): readonly MessageTemplate[] {
  return resolved(config).list;
}
export function templateByKey(key: string): MessageTemplate | undefined {
  return resolved().byKey.get(key);
}
export function templateById(templateId: string): MessageTemplate | undefined {
  return resolved().byId.get(templateId);
}

/** Field schemas for the fake WeChat server (it answers 47003 like WeChat for bad values). */
export function subscribeTemplateSchemas(config?: Config): Record<string, Record<string, FieldType>> {
  return Object.fromEntries(messageTemplates(config).map((t) => [t.templateId, Object.fromEntries(t.fields.map((f) => [f.key, f.type]))]));
}
export function oaTemplateSchemas(config?: Config): Record<string, string[]> {
  return Object.fromEntries(messageTemplates(config).map((t) => [t.oa.templateId, ['first', ...t.oa.keywords.map((_, i) => `keyword${i + 1}`), 'remark']]));
}

/** A value that cannot be made into what WeChat accepts (missing, wrong kind, nothing left after cleaning). */
export class TemplateValueError extends Error {
  constructor(
    readonly templateKey: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`template ${templateKey}: field ${field}: ${problem}`);
    this.name = 'TemplateValueError';
  }
}

export type FieldValue = string | number | Date;

const chars = (s: string) => Array.from(s);
const HAN = /\p{Script=Han}/u;

function cut(s: string, max: number, ellipsis: boolean): string {
  const c = chars(s);
  if (c.length <= max) return s;
  return ellipsis ? c.slice(0, max - 1).join('') + '…' : c.slice(0, max).join('');
}

/** Format one value for a field type; returns null when nothing acceptable is left. */
export function formatField(type: FieldType, value: FieldValue): string | null {
  const text = (v: FieldValue) => (v instanceof Date ? chineseDateTime(v) : String(v)).replace(/\s+/g, ' ').trim();
  switch (type) {
    case 'thing': {
      const s = text(value);
      return s ? cut(s, 20, true) : null;
    }
    case 'phrase': {
      const s = chars(text(value))
        .filter((c) => HAN.test(c))
        .join('');
      return s ? cut(s, 5, false) : null;
    }
    case 'character_string': {
      const s = text(value).replace(/[^A-Za-z0-9_\-.@]/g, '');
      return s ? cut(s, 32, false) : null;
    }
    case 'number': {
      const s = text(value).replace(/[^\d.]/g, '');
      return s ? cut(s, 32, false) : null;
    }
    case 'amount': {
      const fen = typeof value === 'number' ? value : Number(text(value));
      if (!Number.isSafeInteger(fen) || fen < 0 || fen >= 1e12) return null;
      return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
    }
    case 'time':
    case 'date': {
      const day = localDay(value);
      if (!day) return null;
      return type === 'time' ? chineseDateTime(value) : chineseDate(day);
    }
    case 'phone_number': {
      const s = text(value).replace(/[^\d+-]/g, '');
      return /\d/.test(s) ? cut(s, 17, false) : null;
    }
    case 'car_number': {
      const s = text(value).replace(/[\s·•.\-]/g, '').toUpperCase();
      return s ? cut(s, 8, false) : null;
    }
    case 'name': {
      const s = text(value);
      if (HAN.test(s)) return cut(chars(s).filter((c) => HAN.test(c) || c === '·').join(''), 10, false);
      const latin = s.replace(/[^A-Za-z .'-]/g, '').trim();
      return latin ? cut(latin, 20, false) : null;
    }
  }
}

export interface BuiltMessage {
  templateKey: string;
  title: string;
  /** Subscribe-message data: WeChat key → value. */
  subscribe: { templateId: string; page: string; data: Record<string, string> };
  /** Official-account template data: first, keyword1…n, remark. */
  oa: { templateId: string; pagepath: string; data: Record<string, string> };
  /** What the person reads (label → value), for their history and for a staff member calling them. */
  lines: { label: string; value: string }[];
}

/**
 * Validate and format `values` (our field names → raw values) for template `key`.
 * Throws TemplateValueError for an unknown template, a missing required field, or a value that
 * leaves nothing acceptable for its type (e.g. a phrase without Chinese characters).
 */
export function buildMessage(key: string, values: Record<string, FieldValue | null | undefined>, page?: PageLink): BuiltMessage {
  const template = templateByKey(key);
  if (!template) throw new TemplateValueError(key, '-', 'unknown template');
  const data: Record<string, string> = {};
  const byName: Record<string, string> = {};
  const lines: BuiltMessage['lines'] = [];
  for (const f of template.fields) {
    const raw = values[f.name];
    const given = raw !== undefined && raw !== null && !(typeof raw === 'string' && raw.trim() === '');
    if (!given && f.fallback === undefined) throw new TemplateValueError(key, f.name, 'missing');
    const formatted = formatField(f.type, given ? raw : (f.fallback as string));
    if (formatted === null) throw new TemplateValueError(key, f.name, `not a valid ${f.type}`);
    data[f.key] = formatted;
    byName[f.name] = formatted;
    lines.push({ label: f.label, value: formatted });
  }
  const oaData: Record<string, string> = { first: template.oa.first };
  template.oa.keywords.forEach((name, i) => (oaData[`keyword${i + 1}`] = byName[name]));
  oaData.remark = template.oa.remark;
  const pagePath = page ?? template.page;
  return {
    templateKey: key,
    title: template.title,
    subscribe: { templateId: template.templateId, page: pagePath, data },
    oa: { templateId: template.oa.templateId, pagepath: pagePath, data: oaData },
    lines,
  };
}
