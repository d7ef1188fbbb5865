import type { StateMachine } from '@shared/domain/state-machine';
import { AppError } from './app-error';

/**
 * The one way a workflow refuses an event: the state `event` leads to from `state`, or the
 * machine's refusal (shared/domain/state-machine.ts) thrown as its AppError (409, naming both
 * states, `details.from/to/event`).
 */
export function transitionTo<S extends string, E extends string>(machine: StateMachine<S, E>, state: string, event: E): S {
  const verdict = machine.check(state as S, event);
  if (verdict.ok) return verdict.to;
  throw new AppError(verdict.refusal.code, verdict.refusal.message, verdict.refusal.details);
}
