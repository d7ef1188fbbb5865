import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contracts, type Access } from '@shared/contracts';
import { CALLER_ROLES } from '@shared/domain/roles';

/**
 * The module pages' actions tables (docs/modules/*.md, "| action | who | scope | references checked |")
 * are the policy table of shared/contracts as people read it. This keeps them equal: every action of
 * every contract has exactly one row on some module page, no row names an action that does not exist,
 * and each row's roles, scope and checked references are the ones its contract declares.
 */
const DIR = path.resolve(__dirname, '../../docs/modules');

interface Row {
  key: string;
  who: string;
  scope: string;
  refs: string;
  where: string;
}

/** The rows of an actions table: first cell `fn.action`, then who, scope, references. */
export function actionRows(markdown: string, page: string): Row[] {
  const rows: Row[] = [];
  markdown.split('\n').forEach((line, i) => {
    const m = /^\|\s*`([A-Za-z]+\.[A-Za-z]+)`\s*\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$/.exec(line);
    if (m) rows.push({ key: m[1], who: m[2].trim(), scope: m[3].trim(), refs: m[4].trim(), where: `${page}:${i + 1}` });
  });
  return rows;
}

const ANY_SESSION = 'any session (guests too)';

/** The roles a "who" cell names: each role word, or every role for "any session (guests too)". */
function rolesIn(who: string): string[] {
  if (who.startsWith(ANY_SESSION)) return [...CALLER_ROLES].sort();
  const named = who.replace(/\(.*\)/, '');
  return CALLER_ROLES.filter((r) => new RegExp(`\\b${r}\\b`).test(named)).sort();
}

/** "`unitId` → unit, `residentId` → resident" → ['residentId → resident', 'unitId → unit']; "—" → []. */
function refsIn(cell: string): string[] {
  return [...cell.matchAll(/`(\w+)`\s*→\s*(\w+)/g)].map((m) => `${m[1]} → ${m[2]}`).sort();
}

/** What a row must say for a policy. */
function expected(access: Access): { who: string[]; scope: string; refs: string[] } {
  if (access === 'public') return { who: [], scope: 'public', refs: [] };
  const refs = Object.entries(access.refs ?? {}).map(([field, kind]) => `${field} → ${kind}`).sort();
  return { who: [...access.roles].sort(), scope: access.scope, refs };
}

describe('docs/modules actions tables', () => {
  const rows = readdirSync(DIR)
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => actionRows(readFileSync(path.join(DIR, f), 'utf8'), `docs/modules/${f}`));
  const actions = new Map<string, Access>(
    Object.entries(contracts).flatMap(([fn, spec]) => Object.entries(spec).map(([action, a]) => [`${fn}.${action}`, (a as { access: Access }).access] as const)),
  );

  it('When an action is in shared/contracts, then exactly one module page has its row', () => {
    const count = new Map<string, string[]>();
    for (const r of rows) count.set(r.key, [...(count.get(r.key) ?? []), r.where]);
    expect([...actions.keys()].filter((k) => !count.has(k))).toEqual([]);
    expect([...count].filter(([, where]) => where.length > 1).map(([k, where]) => `${k}: ${where.join(', ')}`)).toEqual([]);
  });

  it('When a module page has an action row, then the action exists', () => {
    expect(rows.filter((r) => !actions.has(r.key)).map((r) => `${r.where}: ${r.key}`)).toEqual([]);
  });

  it('When a module page has an action row, then its roles, scope and references are the contract’s', () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const access = actions.get(r.key);
      if (access === undefined) continue;
      const want = expected(access);
      const got = { who: access === 'public' ? [] : rolesIn(r.who), scope: r.scope.split(' ')[0], refs: refsIn(r.refs) };
      // A public action is open to "anyone"; otherwise the cell names exactly the contract's roles.
      if (JSON.stringify(got) !== JSON.stringify(want) || (access === 'public' && r.who !== 'anyone')) {
        wrong.push(`${r.where}: ${r.key} says ${JSON.stringify(got)}, the contract ${JSON.stringify(want)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('When the parser reads a table, then it takes the action, roles, scope and references', () => {
    // Guards the test itself: a parser that found nothing would make the checks above pass vacuously.
    const [row] = actionRows('| `repairs.get` | owner, agent (own) | community | `repairId` → repair |\n| action | who | scope | references checked |\n', 'x.md');
    expect(row).toMatchObject({ key: 'repairs.get', scope: 'community' });
    expect(rolesIn(row.who)).toEqual(['agent', 'owner']);
    expect(refsIn(row.refs)).toEqual(['repairId → repair']);
    expect(rolesIn(ANY_SESSION)).toHaveLength(CALLER_ROLES.length);
    expect(rows.length).toBe(actions.size);
  });
});
