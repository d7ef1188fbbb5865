/**
 * The one state machine of every workflow (repairs, complaints, incidents, notices, and each later
 * module): a workflow declares its table (event → the states it may start from → the state it leads
 * to), the Chinese labels of its states and events, and its error code; the machine answers what an
 * event leads to, which events are possible now (pages show only those buttons) and, for a refused
 * event, the refusal naming both states. Pure: shared code cannot throw the cloud's AppError, so a
 * refusal is a description; `transitionTo` in cloud/lib/transition.ts turns it into the 409.
 */
import type { ErrorBody, ErrorCode } from '../errors';

/** One event of a table. Without `to` the event keeps the state (an action allowed only in some states, e.g. 转交). */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to?: S;
}

export interface Workflow<S extends string, E extends string> {
  /** What the record is called in a refusal: 工单, 投诉, 事件, 通知. */
  noun: string;
  table: { readonly [K in E]: Transition<S> };
  states: Readonly<Record<S, string>>;
  /** Labels of the table's events (may hold more: history-only events such as 'create'). */
  events: Readonly<Record<E, string>>;
  /** The refusal's code (409 in shared/errors.ts). */
  code: ErrorCode;
}

/** Why an event is not allowed: the error the cloud answers with. */
export interface Refusal<S extends string = string, E extends string = string> {
  code: ErrorCode;
  /** 工单当前为“待接单”，不能评价（变为“已评价”需工单处于“待评价”） */
  message: string;
  details: NonNullable<ErrorBody['details']> & { from: S; to?: S; event: E };
}

export type Verdict<S extends string, E extends string> = { ok: true; to: S } | { ok: false; refusal: Refusal<S, E> };

export interface StateMachine<S extends string, E extends string> extends Workflow<S, E> {
  /** The table's events, in declaration order. */
  readonly eventNames: readonly E[];
  /** The state `event` leads to from `state` (the same state for an event without `to`), or null when the table does not allow it. */
  next(state: S, event: E): S | null;
  /** The events possible in `state`, in table order. */
  allowed(state: S): E[];
  /** `next`, or the refusal naming the current state, the target and the states the event needs. */
  check(state: S, event: E): Verdict<S, E>;
}

export function stateMachine<S extends string, E extends string>(workflow: Workflow<S, E>): StateMachine<S, E> {
  const { noun, table, states, events, code } = workflow;
  const eventNames = Object.keys(table) as E[];
  const label = (s: S) => states[s] ?? s;
  const next = (state: S, event: E): S | null => {
    const t: Transition<S> | undefined = table[event];
    return t && t.from.includes(state) ? (t.to ?? state) : null;
  };
  return {
    ...workflow,
    eventNames,
    next,
    allowed: (state) => eventNames.filter((e) => next(state, e) !== null),
    check(state, event) {
      const to = next(state, event);
      if (to !== null) return { ok: true, to };
      const t = table[event];
      const needs = t.from.map((s) => `“${label(s)}”`).join('、');
      const target = t.to ? `变为“${label(t.to)}”` : '';
      return {
        ok: false,
        refusal: {
          code,
          message: `${noun}当前为“${label(state)}”，不能${events[event] ?? event}（${target}需${noun}处于${needs}）`,
          details: { from: state, ...(t.to ? { to: t.to } : {}), event },
        },
      };
    },
  };
}
