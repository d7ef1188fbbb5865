/**
 * Notices (通知 · 通告 · 温馨提示): categories, kinds, template variables and rendering.
 * Pure and zod-free: the server renders and checks with these rules, the client previews with them.
 */
import { RESERVED_KEYS } from './safe-text';
import { stateMachine, type Transition } from './state-machine';

export const NOTICE_CATEGORIES = ['normal', 'important', 'emergency'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];
export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = { normal: '普通', important: '重要', emergency: '紧急' };

/** The document's genre, shown as its heading word. */
export const NOTICE_KINDS = ['notice', 'announcement', 'reminder', 'lost-found', 'good-news'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = { notice: '通知', announcement: '通告', reminder: '温馨提示', 'lost-found': '启事', 'good-news': '喜讯' };

export const NOTICE_STATUSES = ['scheduled', 'published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { scheduled: '待发布', published: '已发布', withdrawn: '已撤回' };

/**
 * The one transition table. A notice is written `published` (shown as `scheduled` until its time
 * comes); it may be edited (the state stays) or withdrawn until it is withdrawn.
 */
export const NOTICE_TRANSITIONS = {
  update: { from: ['scheduled', 'published'] },
  withdraw: { from: ['scheduled', 'published'], to: 'withdrawn' },
} as const satisfies Record<string, Transition<NoticeStatus>>;
export type NoticeEvent = keyof typeof NOTICE_TRANSITIONS;

/** History events: publishing (at once or scheduled), the table's, and the system cancelling the pushes not sent. */
export const NOTICE_EVENT_LABELS: Record<NoticeEvent | 'publish' | 'schedule' | 'cancelPushes', string> = {
  publish: '发布',
  schedule: '定时发布',
  update: '修改',
  withdraw: '撤回',
  cancelPushes: '取消推送',
};
export type NoticeHistoryEvent = keyof typeof NOTICE_EVENT_LABELS;

/** The notice's state machine (next / allowed / check; refusals are 409 NOTICE.WITHDRAWN, the only state that refuses). */
export const NOTICE_MACHINE = stateMachine<NoticeStatus, NoticeEvent>({
  noun: '通知',
  table: NOTICE_TRANSITIONS,
  states: NOTICE_STATUS_LABELS,
  events: NOTICE_EVENT_LABELS,
  code: 'NOTICE.WITHDRAWN',
});

export const NOTICE_TARGETS = ['community', 'buildings', 'units', 'audience'] as const;
export type NoticeTargetKind = (typeof NOTICE_TARGETS)[number];
export const NOTICE_TARGET_LABELS: Record<NoticeTargetKind, string> = { community: '全体业主', buildings: '指定楼栋', units: '指定房屋', audience: '常用对象' };

/** What a template variable holds (how the form asks for it and how it is checked). */
export const NOTICE_VARIABLE_TYPES = ['date', 'timeRange', 'place', 'buildings', 'phone', 'text'] as const;
export type NoticeVariableType = (typeof NOTICE_VARIABLE_TYPES)[number];

export interface NoticeVariable {
  /** Placeholder name in the body: `{{name}}`. */
  name: string;
  label: string;
  type: NoticeVariableType;
  /** Filled in when the writer leaves it empty; a variable without a default is required. */
  defaultValue?: string;
  /** Shown in the form. */
  hint?: string;
}

export interface NoticeTemplateDef {
  /** Stable key, e.g. 'water-outage'. */
  key: string;
  /** Name in the library, e.g. 停水通知. */
  name: string;
  kind: NoticeKind;
  category: NoticeCategory;
  /** Title with placeholders. */
  title: string;
  /** 称呼 + 正文 with `{{name}}` placeholders; paragraphs separated by blank lines. */
  body: string;
  /** 落款 (signature), normally 物业服务中心 (the community name is put before it). */
  signature: string;
  variables: NoticeVariable[];
}

/** Longest title and body the board shows (the push is shortened to WeChat's field limits instead). */
export const NOTICE_TITLE_MAX = 40;
export const NOTICE_BODY_MAX = 5000;
export const NOTICE_VALUE_MAX = 200;

const PLACEHOLDER = /\{\{\s*([a-zA-Z][\w]*)\s*\}\}/g;

/** A template variable's name: letters, digits and _, starting with a letter; not a reserved key (constructor, prototype). */
export const NOTICE_VARIABLE_NAME = /^[a-zA-Z]\w{0,30}$/;
export function isNoticeVariableName(name: string): boolean {
  return NOTICE_VARIABLE_NAME.test(name) && !RESERVED_KEYS.includes(name);
}

/** Placeholder names used in a text, in order of first use. */
export function placeholdersOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

export interface Rendered {
  title: string;
  body: string;
  /** Variables with neither a value nor a default (rendering needs them). */
  missing: { name: string; label: string }[];
}

/**
 * Fill a template: each `{{name}}` gets the given value (trimmed), else the variable's default.
 * Missing values are listed (and left as 【label】 in the text so a preview shows the gap).
 */
export function renderNotice(t: Pick<NoticeTemplateDef, 'title' | 'body' | 'variables'>, values: Record<string, string | undefined>): Rendered {
  const missing: Rendered['missing'] = [];
  const byName = new Map(t.variables.map((v) => [v.name, v]));
  const valueOf = (name: string): string => {
    // Own keys only: a placeholder named like an Object.prototype member (toString) is just a name.
    const given = Object.prototype.hasOwnProperty.call(values, name) ? values[name]?.trim() : undefined;
    if (given) return given;
    const v = byName.get(name);
    if (v?.defaultValue) return v.defaultValue;
    if (!missing.some((m) => m.name === name)) missing.push({ name, label: v?.label ?? name });
    return `【${v?.label ?? name}】`;
  };
  const fill = (text: string) => text.replace(PLACEHOLDER, (_all, name: string) => valueOf(name));
  return { title: fill(t.title), body: fill(t.body), missing };
}

/** The first characters of a notice's body, for lists and the push's summary field. */
export function summaryOf(body: string, max = 60): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** At most one normal push per owner per this long (emergency notices are not throttled). */
export const NOTICE_PUSH_INTERVAL_MINUTES = 60;

/** How a `buildings` value lists buildings: 1栋、3栋 (also commas or spaces). */
export const BUILDING_LIST_SEPARATOR = /[、,，\s]+/;

/**
 * The buildings a template's scope variable (type `buildings`, e.g. 停水范围) names in its filled
 * value, as ids of this community's buildings — the audience the text speaks of. Null when the
 * template has no such variable or the value names no building of the community (全体楼栋, empty):
 * the text then speaks of everyone.
 */
export function scopeBuildingIds(variables: readonly Pick<NoticeVariable, 'name' | 'type'>[], values: Record<string, string | undefined>, buildings: readonly { id: string; name: string }[]): string[] | null {
  const ids = new Set<string>();
  for (const v of variables.filter((x) => x.type === 'buildings')) {
    const given = Object.prototype.hasOwnProperty.call(values, v.name) ? (values[v.name] ?? '') : '';
    for (const name of given.split(BUILDING_LIST_SEPARATOR)) {
      const b = buildings.find((x) => x.name === name);
      if (b) ids.add(b.id);
    }
  }
  return ids.size ? buildings.filter((b) => ids.has(b.id)).map((b) => b.id) : null;
}
