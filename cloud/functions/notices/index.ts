import { noticesContract } from '@shared/contracts/notices.contract';
import * as community from '../../modules/community';
import * as notices from '../../modules/notices';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'notices',
  noticesContract,
  {
    templates: (_input, { caller }) => notices.templates(caller),
    saveTemplate: (input, { caller }) => notices.saveTemplate(caller, input),
    preview: (input, { caller }) => notices.preview(caller, input),
    check: (input, { caller }) => notices.check(caller, input),
    publish: (input, { caller }) => notices.publish(caller, input),
    reach: (input, { caller }) => notices.reach(caller, input),
    update: (input, { caller }) => notices.update(caller, input),
    withdraw: (input, { caller }) => notices.withdraw(caller, input),
    list: (input, { caller }) => notices.list(caller, input),
    get: ({ noticeId }, { caller }) => notices.get(caller, noticeId),
    stats: ({ noticeId }, { caller }) => notices.stats(caller, noticeId),
    unread: (input, { caller }) => notices.unread(caller, input),
    callUnread: ({ noticeId }, { caller }) => notices.callUnread(caller, noticeId),
    audiences: (_input, { caller }) => notices.audiences(caller),
    saveAudience: (input, { caller }) => notices.saveAudience(caller, input),
    board: (input, { caller }) => notices.board(caller, input),
    open: ({ noticeId }, { caller }) => notices.open(caller, noticeId),
  },
  { access: [community.access, notices.access] },
);
