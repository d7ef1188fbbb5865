/**
 * messaging — subscriptions, the outbox and its delivery, call tasks. Everything an owner or staff
 * member is told leaves through `enqueue*`. The public API of the module: other modules, the cloud
 * functions and the runtime import this file only.
 */
export { access } from './messaging.access';
export { messagingHooks } from './messaging.hooks';
export { cancelUnsent, enqueue, enqueueMany, enqueueOrLog, myMessages, outboxList, reachableInWechat, type Enqueued, type EnqueueInput } from './outbox.service';
// --- issue 25 helper B: bulk enqueue with recipients the sender read (fees reminder run) ---
export { enqueueManyKnown, type KnownRecipient } from './outbox.service';
export { deliveredCount, eventKeysSince, messagesAbout, scheduledSends, type SentMessage } from './outbox.queries';
export { addCallTasks, callTasks, completeCallTask, demoInbox } from './call-task.service';
export { callTasksFor, messagesTo, type CallTaskToOwner, type MessageToOwner } from './owner-reads';
export { reportSubscription, subscriptions } from './subscription.service';
export { markMessagesSeen, unreadMessages } from './unread.service';
export { notBeforeFor } from './quiet-hours';
export { runOutboxJob } from './outbox.job';
