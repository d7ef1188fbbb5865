import { z } from 'zod';
import { action, community, REF_KINDS, type FunctionContract, type RefKind } from '@shared/contracts/contract';
import { contracts, type FnName } from '@shared/contracts';
import type { AccessRules } from '../../cloud/lib/access';
import type { FunctionMain } from '../../cloud/lib/transport';
import { missingRefKinds, accessRegistry, refKindsOf } from '../../cloud/runtime/authorize';

/**
 * The composition of each cloud function: its contract's reference kinds all have an access check
 * among the access declarations it passes to defineFunction (checked when it is defined), and every
 * hook of the modules it loads is wired (checked on its first call). Each function is loaded on its
 * own (a fresh module registry, as its CloudBase bundle loads), so one function's wiring cannot hide
 * another's gap, and called once with an unknown action: answered before any database is needed.
 */
const FUNCTIONS = Object.keys(contracts) as FnName[];

async function loadAloneAndCall(fn: FnName): Promise<unknown> {
  let main: FunctionMain | undefined;
  jest.isolateModules(() => {
    main = (require(`../../cloud/functions/${fn}`) as { main: FunctionMain }).main;
  });
  return (main as FunctionMain)({ action: 'noSuchAction' }, { request_id: 'composition-test' });
}

test.each(FUNCTIONS)('When the %s function is loaded on its own and called, then every reference kind of its contract has a check and every hook is wired', async (fn) => {
  await expect(loadAloneAndCall(fn)).resolves.toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } });
});

test('When a function is defined without the access rules of a reference kind its contract names, then defining it fails naming the kind', () => {
  const contract = { get: action<null>()(z.object({ repairId: z.string() }).strict(), community(['agent'], { repairId: 'repair' })) } satisfies FunctionContract;
  const reachable = async () => true;
  const repairs: AccessRules = { repair: { code: 'REPAIR.NOT_FOUND', reachable } };
  expect(missingRefKinds(contract, accessRegistry([]))).toEqual(['repair']);
  expect(missingRefKinds(contract, accessRegistry([repairs]))).toEqual([]);
  jest.isolateModules(() => {
    const { defineFunction } = require('../../cloud/runtime') as typeof import('../../cloud/runtime');
    expect(() => defineFunction('probe', contract, { get: () => null })).toThrow(/no access rule for the reference kinds repair/);
    expect(() => defineFunction('probe', contract, { get: () => null }, { access: [repairs] })).not.toThrow();
  });
});

test('When two modules declare the same reference kind, then the registry refuses them', () => {
  const a: AccessRules = { unit: { code: 'UNIT.NOT_FOUND', reachable: async () => true } };
  const b: AccessRules = { unit: { code: 'UNIT.NOT_FOUND', reachable: async () => false } };
  expect(() => accessRegistry([a, b])).toThrow(/"unit" is declared by two modules/);
});

test('When a module hook is declared and nothing plugs it in, then every call of a function fails naming the hook, until it is plugged', async () => {
  let hooks!: typeof import('../../cloud/lib/hooks');
  let runtime!: typeof import('../../cloud/runtime');
  jest.isolateModules(() => {
    hooks = require('../../cloud/lib/hooks');
    runtime = require('../../cloud/runtime');
  });
  const probe = hooks.hook<() => Promise<void>>('probe.unwired');
  const contract = { ping: action<null>()(z.object({}).strict(), 'public') };
  const main = runtime.defineFunction('probe', contract, { ping: () => null });
  await expect(main({ action: 'other' })).rejects.toThrow(/hooks not wired: probe\.unwired/);
  await expect(probe.run()).rejects.toThrow(/hook probe\.unwired is not wired/);
  probe.plug(async () => undefined);
  await expect(main({ action: 'other' })).resolves.toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } });
  await expect(probe.run()).resolves.toBeUndefined();
});

test('When every contract is read, then each reference kind it names is one the contracts know, and every known kind is checked by some module', () => {
  const named = new Set<RefKind>(FUNCTIONS.flatMap((fn) => refKindsOf(contracts[fn] as FunctionContract)));
  expect([...named].every((k) => (REF_KINDS as readonly string[]).includes(k))).toBe(true);
  // Every module's declaration, together: each kind exactly once.
  const declarations = ['identity', 'community', 'messaging', 'imports', 'followups', 'repairs', 'notices', 'fees', 'complaints', 'sentiment', 'knowledge', 'desk', 'movein', 'renovation', 'life', 'archives', 'growth'].map(
    (m) => (require(`../../cloud/modules/${m}`) as { access: AccessRules }).access,
  );
  const registry = accessRegistry(declarations);
  expect([...registry.keys()].sort()).toEqual([...REF_KINDS].sort());
});
