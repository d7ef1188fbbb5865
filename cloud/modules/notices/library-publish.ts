import type { NoticeTarget, NoticeView } from '@shared/contracts/notices.contract';
import { renderNotice } from '@shared/domain/notices';
import type { PageLink } from '@shared/routes';
import type { Caller } from '../../lib/caller';
import { publish } from './notice.service';
import { templates } from './templates.service';

/**
 * Publish a notice another module sends from a library 范本 (入住通知, 装修施工告知, 问卷调查通知…): the
 * community's own copy of the template when it made one, else the library's, filled with `values`, to
 * `target`, optionally with a button to the page it is about. One notice per `requestId` (a retry
 * publishes nothing twice); the text was written by the office, so content review is confirmed.
 */
export async function publishFromLibrary(
  caller: Caller,
  input: { requestId: string; templateKey: string; values: Record<string, string>; target: NoticeTarget; link?: { label: string; path: PageLink } },
): Promise<NoticeView> {
  const template = (await templates(caller)).find((t) => t.key === input.templateKey || t.basedOn === input.templateKey);
  if (!template) throw new Error(`notice template ${input.templateKey} missing`);
  const { title, body } = renderNotice(template, input.values);
  return publish(caller, {
    requestId: input.requestId,
    templateKey: template.key,
    values: input.values,
    title,
    body,
    kind: template.kind,
    category: template.category,
    target: input.target,
    pinned: false,
    confirmReview: true,
    ...(input.link ? { link: input.link } : {}),
  });
}
