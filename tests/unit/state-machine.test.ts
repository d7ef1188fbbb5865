import { statusOf } from '@shared/errors';
import { stateMachine } from '@shared/domain/state-machine';
import { AppError } from '../../cloud/lib/app-error';
import { transitionTo } from '../../cloud/lib/transition';

/** A small workflow of its own, so the helper is tested apart from any module's table. */
const door = stateMachine<'closed' | 'open' | 'locked', 'open' | 'close' | 'lock' | 'knock'>({
  noun: '门',
  table: {
    open: { from: ['closed'], to: 'open' },
    close: { from: ['open'], to: 'closed' },
    lock: { from: ['closed'], to: 'locked' },
    knock: { from: ['closed', 'locked'] },
  },
  states: { closed: '关着', open: '开着', locked: '锁着' },
  events: { open: '开门', close: '关门', lock: '上锁', knock: '敲门' },
  code: 'STATE.CONFLICT',
});

describe('the state machine helper', () => {
  test('When an event is allowed, then next gives its state; an event without a target keeps the state; otherwise null', () => {
    expect(door.next('closed', 'open')).toBe('open');
    expect(door.next('locked', 'knock')).toBe('locked');
    expect(door.next('open', 'lock')).toBeNull();
    expect(door.next('locked', 'open')).toBeNull();
  });

  test('When the possible events are asked, then they come in table order, only those allowed now', () => {
    expect(door.eventNames).toEqual(['open', 'close', 'lock', 'knock']);
    expect(door.allowed('closed')).toEqual(['open', 'lock', 'knock']);
    expect(door.allowed('open')).toEqual(['close']);
    expect(door.allowed('locked')).toEqual(['knock']);
  });

  test('When an event is refused, then the refusal carries the code, both states in Chinese and details.from/to/event', () => {
    expect(door.check('closed', 'open')).toEqual({ ok: true, to: 'open' });
    expect(door.check('locked', 'open')).toEqual({
      ok: false,
      refusal: { code: 'STATE.CONFLICT', message: '门当前为“锁着”，不能开门（变为“开着”需门处于“关着”）', details: { from: 'locked', to: 'open', event: 'open' } },
    });
    // Several states it may start from; an event that keeps the state names no target.
    expect(door.check('open', 'knock')).toEqual({
      ok: false,
      refusal: { code: 'STATE.CONFLICT', message: '门当前为“开着”，不能敲门（需门处于“关着”、“锁着”）', details: { from: 'open', event: 'knock' } },
    });
  });

  test('When the cloud checks a transition, then it gets the target or the refusal as the AppError with its status', () => {
    expect(transitionTo(door, 'closed', 'lock')).toBe('locked');
    let thrown: unknown;
    try {
      transitionTo(door, 'open', 'lock');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toBody()).toEqual({ code: 'STATE.CONFLICT', message: '门当前为“开着”，不能上锁（变为“锁着”需门处于“关着”）', details: { from: 'open', to: 'locked', event: 'lock' } });
    expect((thrown as AppError).status).toBe(statusOf('STATE.CONFLICT'));
  });
});
