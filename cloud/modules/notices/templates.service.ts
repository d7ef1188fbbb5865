import type { NoticeTemplateView } from '@shared/contracts/notices.contract';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { placeholdersOf, renderNotice, summaryOf, type NoticeCategory, type NoticeKind, type NoticeTemplateDef, type NoticeVariable, type NoticeVariableType } from '@shared/domain/notices';
import { AppError } from '../../lib/app-error';
import { mongoose } from '../../lib/db';
import { formatField } from '../../lib/wechat/templates';
import { communityName as nameOfCommunity } from '../community';
import type { Caller } from '../../lib/caller';
import { NoticeTemplate } from './notice.model';

const { ObjectId } = mongoose.Types;

const fromLibrary = (t: NoticeTemplateDef): NoticeTemplateView => ({ ...t, variables: t.variables.map((v) => ({ ...v })), custom: false });

type StoredTemplate = {
  key: string;
  basedOn?: string | null;
  name: string;
  kind: string;
  category: string;
  title: string;
  body: string;
  signature: string;
  variables: { name?: string | null; label?: string | null; type?: string | null; defaultValue?: string | null; hint?: string | null }[];
};

function fromStored(t: StoredTemplate): NoticeTemplateView {
  return {
    key: t.key,
    name: t.name,
    kind: t.kind as NoticeKind,
    category: t.category as NoticeCategory,
    title: t.title,
    body: t.body,
    signature: t.signature,
    variables: t.variables.map((v) => ({
      name: v.name ?? '',
      label: v.label ?? '',
      type: (v.type ?? 'text') as NoticeVariableType,
      ...(v.defaultValue ? { defaultValue: v.defaultValue } : {}),
      ...(v.hint ? { hint: v.hint } : {}),
    })),
    custom: true,
    ...(t.basedOn ? { basedOn: t.basedOn } : {}),
  };
}

/** The library, with this community's copies in place of the templates they were copied from, then its own. */
export async function templates(caller: Caller): Promise<NoticeTemplateView[]> {
  const own = (await NoticeTemplate.find({ communityId: new ObjectId(caller.communityId) }).sort({ createdAt: 1 }).lean()).map((t) => fromStored(t as StoredTemplate));
  const replaced = new Set(own.map((t) => t.basedOn).filter(Boolean));
  return [...NOTICE_LIBRARY.filter((t) => !replaced.has(t.key)).map(fromLibrary), ...own];
}

export async function templateByKey(caller: Caller, key: string): Promise<NoticeTemplateView> {
  const own = await NoticeTemplate.findOne({ communityId: new ObjectId(caller.communityId), key }).lean();
  if (own) return fromStored(own as StoredTemplate);
  const lib = NOTICE_LIBRARY.find((t) => t.key === key);
  if (!lib) throw new AppError('NOTICE.TEMPLATE_NOT_FOUND');
  return fromLibrary(lib);
}

/**
 * Save a community copy. Every placeholder of title and body must be a declared variable (and
 * every variable used), so a notice can never go out with a `{{…}}` left in it.
 */
export async function saveTemplate(
  caller: Caller,
  input: { key?: string; basedOn?: string; name: string; kind: NoticeKind; category: NoticeCategory; title: string; body: string; signature: string; variables: NoticeVariable[] },
): Promise<NoticeTemplateView> {
  const used = placeholdersOf(`${input.title}\n${input.body}`);
  const declared = input.variables.map((v) => v.name);
  const undeclared = used.filter((n) => !declared.includes(n));
  const unused = declared.filter((n) => !used.includes(n));
  const issues = [
    ...undeclared.map((n) => ({ path: 'body', message: `正文中的 {{${n}}} 没有对应的变量` })),
    ...unused.map((n) => ({ path: 'variables', message: `变量 ${n} 没有在标题或正文中使用` })),
  ];
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, { issues });
  if (input.basedOn && !NOTICE_LIBRARY.some((t) => t.key === input.basedOn)) throw new AppError('NOTICE.TEMPLATE_NOT_FOUND');
  const communityId = new ObjectId(caller.communityId);
  const key = input.key ?? (input.basedOn ? `${input.basedOn}-custom` : `custom-${new ObjectId().toHexString().slice(-8)}`);
  const { key: _k, ...fields } = input;
  await NoticeTemplate.updateOne({ communityId, key }, { $set: { ...fields, communityId, key } }, { upsert: true });
  return templateByKey(caller, key);
}

/** The board text of a filled template, and what the push will carry (WeChat's field limits). */
export async function preview(caller: Caller, input: { templateKey: string; values: Record<string, string> }) {
  const t = await templateByKey(caller, input.templateKey);
  const communityName = await nameOfCommunity(caller.communityId);
  const r = renderNotice(t, input.values);
  return { title: r.title, body: r.body, signature: `${communityName}${t.signature}`, missing: r.missing, push: pushFields(r.title, r.body) };
}

/** Title and summary as the subscribe message fields hold them (thing ≤ 20 characters). */
export function pushFields(title: string, body: string): { title: string; summary: string } {
  return { title: formatField('thing', title) ?? '', summary: formatField('thing', summaryOf(body, 40)) ?? '' };
}
