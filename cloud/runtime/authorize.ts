import type { FunctionContract, Policy, RefKind } from '@shared/contracts/contract';
import type { AccessRules, RefCheck } from '../lib/access';
import { AppError } from '../lib/app-error';
import type { Caller } from '../lib/caller';
import { mongoose } from '../lib/db';

/** The reference checks one function may use: the access declarations (`<module>.access.ts`) it was given, by kind. */
export type AccessRegistry = ReadonlyMap<RefKind, RefCheck>;

/** Merge modules' access declarations; a kind declared by two modules is a mistake. */
export function accessRegistry(declarations: readonly AccessRules[]): AccessRegistry {
  const registry = new Map<RefKind, RefCheck>();
  for (const rules of declarations) {
    for (const [kind, check] of Object.entries(rules) as [RefKind, RefCheck][]) {
      const known = registry.get(kind);
      if (known && known !== check) throw new Error(`the reference kind "${kind}" is declared by two modules' access rules`);
      registry.set(kind, check);
    }
  }
  return registry;
}

/** The reference kinds a contract's policies name. */
export function refKindsOf(contract: FunctionContract): RefKind[] {
  const kinds = new Set<RefKind>();
  for (const spec of Object.values(contract)) if (spec.access !== 'public') for (const kind of Object.values(spec.access.refs ?? {})) kinds.add(kind);
  return [...kinds].sort();
}

/** The kinds a contract names that the registry cannot check (a function must be given every one). */
export function missingRefKinds(contract: FunctionContract, registry: AccessRegistry): RefKind[] {
  return refKindsOf(contract).filter((kind) => !registry.has(kind));
}

/**
 * The scope half of an action's policy: every input field the policy declares as a reference must
 * point at a record the caller may reach, by the check of the module that owns that kind of record.
 * Out of scope answers 404, like a missing record, so callers learn nothing about other
 * communities' or other owners' records.
 */
export async function checkRefs(policy: Policy, input: unknown, caller: Caller, registry: AccessRegistry): Promise<void> {
  if (!policy.refs) return;
  const fields = (input ?? {}) as Record<string, unknown>;
  for (const [field, kind] of Object.entries(policy.refs)) {
    const value = fields[field];
    // Absent or cleared (a nullable reference set to null: "none"): nothing to check.
    if (value === undefined || value === null) continue;
    const check = registry.get(kind);
    // defineFunction refuses a function whose contract names a kind it was not given: never reached.
    if (!check) throw new Error(`no access rule for the reference kind "${kind}"`);
    const ids = (Array.isArray(value) ? value : [value]).map((v) => new mongoose.Types.ObjectId(String(v)));
    for (const id of ids) {
      if (!(await check.reachable(id, caller))) throw new AppError(check.code);
    }
  }
}
