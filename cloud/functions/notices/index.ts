import { noticesContract } from '@shared/contracts/notices.contract';
import { defineFunction } from '../../lib/handle';
import { audiences, saveAudience } from '../../modules/notices/audience';
import * as notices from '../../modules/notices/notice.service';
import { preview, saveTemplate, templates } from '../../modules/notices/templates.service';

export const main = defineFunction('notices', noticesContract, {
  templates: (_input, { caller }) => templates(caller),
  saveTemplate: (input, { caller }) => saveTemplate(caller, input),
  preview: (input, { caller }) => preview(caller, input),
  check: (input, { caller }) => notices.check(caller, input),
  publish: (input, { caller }) => notices.publish(caller, input),
  update: (input, { caller }) => notices.update(caller, input),
  withdraw: (input, { caller }) => notices.withdraw(caller, input),
  list: (input, { caller }) => notices.list(caller, input),
  get: ({ noticeId }, { caller }) => notices.get(caller, noticeId),
  stats: ({ noticeId }, { caller }) => notices.stats(caller, noticeId),
  unread: ({ noticeId }, { caller }) => notices.unread(caller, noticeId),
  callUnread: ({ noticeId }, { caller }) => notices.callUnread(caller, noticeId),
  audiences: (_input, { caller }) => audiences(caller),
  saveAudience: (input, { caller }) => saveAudience(caller, input),
  board: (input, { caller }) => notices.board(caller, input),
  open: ({ noticeId }, { caller }) => notices.open(caller, noticeId),
});
