import { messagingContract } from '@shared/contracts/messaging.contract';
import { defineFunction } from '../../lib/handle';
import * as calls from '../../modules/messaging/call-task.service';
import * as outbox from '../../modules/messaging/outbox.service';
import * as subscriptions from '../../modules/messaging/subscription.service';

export const main = defineFunction('messaging', messagingContract, {
  subscriptions: (_input, { caller }) => subscriptions.subscriptions(caller),
  reportSubscription: (input, { caller }) => subscriptions.reportSubscription(caller, input),
  myMessages: (input, { caller }) => outbox.myMessages(caller, input),
  callTasks: (input, { caller }) => calls.callTasks(caller, input),
  completeCallTask: (input, { caller }) => calls.completeCallTask(caller, input),
  outbox: (input, { caller }) => outbox.outboxList(caller, input),
  demoInbox: (_input, { caller }) => calls.demoInbox(caller),
});
