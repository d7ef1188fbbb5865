import { messagingContract } from '@shared/contracts/messaging.contract';
import * as messaging from '../../modules/messaging';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'messaging',
  messagingContract,
  {
    subscriptions: (_input, { caller }) => messaging.subscriptions(caller),
    reportSubscription: (input, { caller }) => messaging.reportSubscription(caller, input),
    myMessages: (input, { caller }) => messaging.myMessages(caller, input),
    unread: (_input, { caller }) => messaging.unreadMessages(caller),
    markSeen: (_input, { caller }) => messaging.markMessagesSeen(caller),
    callTasks: (input, { caller }) => messaging.callTasks(caller, input),
    completeCallTask: (input, { caller }) => messaging.completeCallTask(caller, input),
    outbox: (input, { caller }) => messaging.outboxList(caller, input),
    demoInbox: (_input, { caller }) => messaging.demoInbox(caller),
  },
  { access: [messaging.access] },
);
