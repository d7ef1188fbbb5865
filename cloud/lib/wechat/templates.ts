import { chineseDate, chineseDateTime, localDay } from '@shared/domain/calendar';
import { routes, type PageLink } from '@shared/routes';

/**
 * The registry of the WeChat templates we send: subscribe messages (小程序订阅消息) and their
 * official-account counterparts (公众号模板消息). Pure: no I/O.
 *
 * `buildMessage(key, values)` validates the values against the template's fields and formats /
 * truncates each one to what WeChat accepts for its type, before anything is sent:
 * - thing ≤ 20 characters (longer: 19 + '…'); name ≤ 10 Chinese characters (other characters dropped) or 20 letters;
 * - phrase ≤ 5 Chinese characters, nothing else (WeChat answers 47003 otherwise);
 * - character_string ≤ 32 letters, digits and _-.@; number ≤ 32 digits;
 * - amount from integer 分 → '128.50元'; time/date in Asia/Shanghai ('2026年11月27日 14:05');
 * - phone_number ≤ 17 digits/+/-; car_number ≤ 8 characters ('浙A·12345' → '浙A12345').
 */
export const FIELD_TYPES = ['thing', 'phrase', 'character_string', 'number', 'amount', 'time', 'date', 'phone_number', 'car_number', 'name'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface TemplateField {
  /** Our name of the value (what callers pass), e.g. 'status'. */
  name: string;
  /** WeChat's key in the template, e.g. 'phrase3'. */
  key: string;
  label: string;
  type: FieldType;
  /** Used when the caller gives no value; a field without one is required. */
  fallback?: string;
}

export interface MessageTemplate {
  /** Our stable key, e.g. 'repair.progress'. */
  key: string;
  /** 订阅消息 template id (what wx.requestSubscribeMessage asks for). */
  templateId: string;
  title: string;
  /** Whom it goes to (owners subscribe on their pages, staff on theirs). */
  audience: 'owner' | 'staff';
  fields: TemplateField[];
  /** Mini-program page the message opens (a caller may give a more precise one), from the route registry. */
  page: PageLink;
  /** Official-account template (公众号模板消息): first, keyword1…n (our field names, in order), remark. */
  oa: { templateId: string; keywords: string[]; first: string; remark: string };
}

const T = (
  key: string,
  templateId: string,
  title: string,
  audience: MessageTemplate['audience'],
  page: PageLink,
  fields: [string, string, string, FieldType, string?][],
  oa: MessageTemplate['oa'],
): MessageTemplate => ({
  key,
  templateId,
  title,
  audience,
  page,
  fields: fields.map(([name, k, label, type, fallback]) => ({ name, key: k, label, type, ...(fallback !== undefined ? { fallback } : {}) })),
  oa,
});

/** The templates we use. Ids are those applied for in the mini-program's / OA's 后台 (made up for the demo). */
export const TEMPLATES: readonly MessageTemplate[] = [
  T(
    'repair.progress',
    'Rp7mK2xQ9vLcT4nB8dWfZ1sYhE3uGj6aN0oPqXkV5tM',
    '报修进度通知',
    'owner',
    routes.owner.home(),
    [
      ['orderNo', 'character_string1', '工单编号', 'character_string'],
      ['title', 'thing2', '报修内容', 'thing'],
      ['status', 'phrase3', '处理状态', 'phrase'],
      ['time', 'time4', '更新时间', 'time'],
      ['remark', 'thing5', '备注', 'thing', '如有疑问请联系物业服务中心'],
    ],
    { templateId: 'OA_rP3kV8nQm2TzX5cL7wB9yD1fH4jG6sA0eU2iOqRtY', keywords: ['orderNo', 'title', 'status', 'time'], first: '您的报修有新进展', remark: '点击查看工单详情' },
  ),
  T(
    'repair.assigned',
    'Nw3cH8tR5yUiO2pA7sDfG9hJkL4zXcV6bNmQ1wE0rTy',
    '新工单提醒',
    'staff',
    routes.staff.technician(),
    [
      ['orderNo', 'character_string1', '工单编号', 'character_string'],
      ['location', 'thing2', '报修位置', 'thing'],
      ['title', 'thing3', '报修内容', 'thing'],
      ['contact', 'name4', '联系人', 'name'],
      ['time', 'time5', '派单时间', 'time'],
    ],
    { templateId: 'OA_nW5tY8uI2oP4aS6dF9gH1jK3lZ7xC0vB5nM8qW2e', keywords: ['orderNo', 'location', 'title', 'time'], first: '您有新的维修工单', remark: '请尽快联系业主上门处理' },
  ),
  T(
    'repair.alert',
    'Ra4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3t',
    '工单预警提醒',
    'staff',
    routes.staff.repairs(),
    [
      ['orderNo', 'character_string1', '工单编号', 'character_string'],
      ['title', 'thing2', '报修内容', 'thing'],
      ['kind', 'phrase3', '提醒类型', 'phrase'],
      ['time', 'time4', '时间', 'time'],
      ['remark', 'thing5', '说明', 'thing', '请尽快处理'],
    ],
    { templateId: 'OA_rA7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3tY', keywords: ['orderNo', 'title', 'kind', 'time'], first: '您有一条工单提醒', remark: '请尽快处理' },
  ),
  T(
    'fee.reminder',
    'Fe9bL4mN7kJ2hG5fD8sA1pO6iU3yT0rEwQzXcVbNmKl',
    '缴费提醒',
    'owner',
    routes.owner.home(),
    [
      ['item', 'thing1', '缴费项目', 'thing'],
      ['amount', 'amount2', '应缴金额', 'amount'],
      ['dueDate', 'date3', '截止日期', 'date'],
      ['unit', 'thing4', '房屋', 'thing'],
      ['remark', 'thing5', '温馨提示', 'thing', '请在截止日期前缴费，谢谢配合'],
    ],
    { templateId: 'OA_fE2nM5bV8cX1zL4kJ7hG0fD3sA6pO9iU2yT5rEwQ', keywords: ['item', 'amount', 'dueDate', 'unit'], first: '您有一笔物业费用待缴纳', remark: '请在截止日期前缴费，谢谢配合' },
  ),
  T(
    'fee.overdue',
    'Od5xC2vB9nM6qW3eR0tY7uI4oP1aS8dF5gH2jK9lZ6x',
    '欠费催缴通知',
    'owner',
    routes.owner.home(),
    [
      ['item', 'thing1', '欠费项目', 'thing'],
      ['amount', 'amount2', '欠费金额', 'amount'],
      ['unit', 'thing3', '房屋', 'thing'],
      ['servicePhone', 'phone_number4', '物业电话', 'phone_number'],
      ['remark', 'thing5', '温馨提示', 'thing', '请尽快缴纳，如已缴纳请忽略'],
    ],
    { templateId: 'OA_oD8cV1bN4mQ7wE0rT3yU6iO9pA2sD5fG8hJ1kL4z', keywords: ['item', 'amount', 'unit', 'servicePhone'], first: '您有物业费用已逾期', remark: '请尽快缴纳，如已缴纳请忽略' },
  ),
  T(
    'parking.expiring',
    'Pk1zA4sD7fG0hJ3kL6zX9cV2bN5mQ8wE1rT4yU7iO0p',
    '车位到期提醒',
    'owner',
    routes.owner.home(),
    [
      ['plate', 'car_number1', '车牌号', 'car_number'],
      ['space', 'thing2', '车位', 'thing'],
      ['dueDate', 'date3', '到期日期', 'date'],
      ['amount', 'amount4', '续费金额', 'amount'],
    ],
    { templateId: 'OA_pK4aS7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0o', keywords: ['plate', 'space', 'dueDate', 'amount'], first: '您的车位即将到期', remark: '续费请到物业服务中心或在小程序缴费' },
  ),
  T(
    'notice.published',
    'Nt6yU9iO2pA5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5y',
    '社区通知',
    'owner',
    routes.owner.home(),
    [
      ['title', 'thing1', '通知标题', 'thing'],
      ['publisher', 'thing2', '发布单位', 'thing'],
      ['time', 'time3', '发布时间', 'time'],
      ['summary', 'thing4', '通知摘要', 'thing'],
    ],
    { templateId: 'OA_nT9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9qW2eR5t', keywords: ['title', 'publisher', 'time'], first: '小区发布了新通知', remark: '点击查看通知全文' },
  ),
  T(
    'notice.emergency',
    'Ne3rT6yU9iO2pA5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2r',
    '紧急通知',
    'owner',
    routes.owner.home(),
    [
      ['title', 'thing1', '通知标题', 'thing'],
      ['publisher', 'thing2', '发布单位', 'thing'],
      ['time', 'time3', '发布时间', 'time'],
      ['summary', 'thing4', '通知内容', 'thing'],
    ],
    { templateId: 'OA_nE6tY9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9qW2eR', keywords: ['title', 'publisher', 'time'], first: '小区发布了紧急通知', remark: '请立即查看并注意安全' },
  ),
  T(
    'complaint.reply',
    'Cp8oP1aS4dF7gH0jK3lZ6xC9vB2nM5qW8eR1tY4uI7o',
    '投诉处理结果',
    'owner',
    routes.owner.home(),
    [
      ['caseNo', 'character_string1', '投诉编号', 'character_string'],
      ['title', 'thing2', '投诉内容', 'thing'],
      ['result', 'phrase3', '处理结果', 'phrase'],
      ['reply', 'thing4', '处理说明', 'thing'],
      ['time', 'time5', '处理时间', 'time'],
    ],
    { templateId: 'OA_cP1aS4dF7gH0jK3lZ6xC9vB2nM5qW8eR1tY4uI7oP', keywords: ['caseNo', 'title', 'result', 'time'], first: '您的投诉已有处理结果', remark: '感谢您的反馈' },
  ),
  T(
    'complaint.alert',
    'Ca5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5yU8iO1pA4s',
    '投诉预警提醒',
    'staff',
    routes.staff.complaints(),
    [
      ['caseNo', 'character_string1', '投诉编号', 'character_string'],
      ['title', 'thing2', '投诉内容', 'thing'],
      ['kind', 'phrase3', '提醒类型', 'phrase'],
      ['time', 'time4', '时间', 'time'],
      ['remark', 'thing5', '说明', 'thing', '请尽快处理'],
    ],
    { templateId: 'OA_aC8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5yU8iO1pA4sD', keywords: ['caseNo', 'title', 'kind', 'time'], first: '您有一条投诉提醒', remark: '请尽快处理' },
  ),
  T(
    'sentiment.alert',
    'Sa7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6d',
    '业主群舆情预警',
    'staff',
    routes.staff.incidents(),
    [
      ['group', 'thing1', '业主群', 'thing'],
      ['topic', 'thing2', '问题类别', 'thing'],
      ['level', 'phrase3', '严重程度', 'phrase'],
      ['time', 'time4', '发现时间', 'time'],
      ['remark', 'thing5', '业主原话', 'thing'],
    ],
    { templateId: 'OA_sA0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6dF', keywords: ['group', 'topic', 'level', 'time'], first: '业主群出现负面舆情，请尽快响应', remark: '请在几分钟内回应，不在群里争辩，私聊解决' },
  ),
  T(
    'binding.result',
    'Bd2sD5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1s',
    '绑定审核结果',
    'owner',
    routes.owner.home(),
    [
      ['unit', 'thing1', '房屋', 'thing'],
      ['applicant', 'name2', '申请人', 'name'],
      ['result', 'phrase3', '审核结果', 'phrase'],
      ['reason', 'thing4', '说明', 'thing', '无'],
      ['time', 'time5', '审核时间', 'time'],
    ],
    { templateId: 'OA_bD5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1sD', keywords: ['unit', 'applicant', 'result', 'time'], first: '您的房屋绑定申请已审核', remark: '如有疑问请联系物业服务中心' },
  ),
];

const BY_KEY = new Map(TEMPLATES.map((t) => [t.key, t]));
/** By subscribe-message or official-account template id. */
const BY_ID = new Map(TEMPLATES.flatMap((t) => [[t.templateId, t] as const, [t.oa.templateId, t] as const]));

export function templateByKey(key: string): MessageTemplate | undefined {
  return BY_KEY.get(key);
}
export function templateById(templateId: string): MessageTemplate | undefined {
  return BY_ID.get(templateId);
}

/** Field schemas for the fake WeChat server (it answers 47003 like WeChat for bad values). */
export function subscribeTemplateSchemas(): Record<string, Record<string, FieldType>> {
  return Object.fromEntries(TEMPLATES.map((t) => [t.templateId, Object.fromEntries(t.fields.map((f) => [f.key, f.type]))]));
}
export function oaTemplateSchemas(): Record<string, string[]> {
  return Object.fromEntries(TEMPLATES.map((t) => [t.oa.templateId, ['first', ...t.oa.keywords.map((_, i) => `keyword${i + 1}`), 'remark']]));
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
