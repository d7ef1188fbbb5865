import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JOB_NAMES, JOBS, jobsContract, jobTriggers, LOCAL_TURNS, turnOf } from '@shared/contracts/jobs.contract';
import { functionConfig } from '../../cloud/build';
import { parseConfig } from '../../cloud/lib/config';
import { jobActions, jobHandlers, jobTimers, type JobHandlers } from '../../cloud/runtime/jobs';

/**
 * The job registry: each job declared once (shared/contracts/jobs.contract.ts) with its handler once
 * (cloud/runtime/jobs.ts); the contract's actions, the CloudBase triggers, the gateway's scheduler,
 * its variables and the table of docs/configuration.md all follow from them.
 */
const ROOT = path.resolve(__dirname, '../..');
const SESSION_SECRET = randomBytes(32).toString('hex');

test('When the registry is read, then every declared job has a handler, an action, a timer, a trigger, a turn of the scheduler and a config variable', () => {
  expect(Object.keys(jobHandlers).sort()).toEqual([...JOB_NAMES].sort());
  expect(Object.keys(jobsContract)).toEqual(JOB_NAMES);
  expect(Object.keys(jobActions).sort()).toEqual([...JOB_NAMES].sort());
  expect(Object.keys(jobTimers).sort()).toEqual([...JOB_NAMES].sort());
  expect(jobTriggers().map((t) => t.name)).toEqual(JOB_NAMES);
  for (const name of JOB_NAMES) {
    // Exactly one turn runs each job.
    expect({ name, turns: LOCAL_TURNS.filter((t) => t.jobs.includes(name)).length }).toEqual({ name, turns: 1 });
    const { env } = turnOf(name);
    expect({ name, ms: parseConfig({ SESSION_SECRET, [env]: '1234' }).jobIntervalsMs[name] }).toEqual({ name, ms: 1234 });
    expect({ name, ms: parseConfig({ SESSION_SECRET }).jobIntervalsMs[name] }).toEqual({ name, ms: 0 });
    expect(() => parseConfig({ SESSION_SECRET, [env]: 'hourly' })).toThrow(env);
    // CloudBase timer triggers take 7 fields: second minute hour day month weekday year.
    expect({ name, fields: JOBS[name].cron.split(' ').length }).toEqual({ name, fields: 7 });
  }
});

test('When a handler is missing or has no declared job, then the registry does not compile', () => {
  // @ts-expect-error every declared job needs its handler
  const missing: JobHandlers = { deliverOutbox: jobHandlers.deliverOutbox };
  // @ts-expect-error a handler needs a declared job of the same name
  const extra: JobHandlers = { ...jobHandlers, noSuchJob: jobHandlers.repairSla };
  expect([missing, extra]).toHaveLength(2);
});

test('When the committed config.json of the jobs function is compared with what npm run build:cloud writes, then they are the same (else: run npm run build:cloud)', () => {
  const committed = JSON.parse(readFileSync(path.join(ROOT, 'cloud/functions/jobs/config.json'), 'utf8'));
  expect(committed).toEqual(functionConfig('jobs'));
  expect(committed.triggers).toEqual(JOB_NAMES.map((name) => ({ name, type: 'timer', config: JOBS[name].cron })));
});

test('When npm start schedules the jobs, then each turn keeps its default interval, and the fee turn bills before it reminds', () => {
  const defaults = Object.fromEntries(LOCAL_TURNS.map((t) => [t.env, t.everyMs]));
  expect(defaults).toEqual({
    OUTBOX_JOB_INTERVAL_MS: 10_000,
    REPAIR_SLA_INTERVAL_MS: 60_000,
    FEE_REMINDER_INTERVAL_MS: 3_600_000,
    PAY_ORDER_INTERVAL_MS: 300_000,
    PAY_RECONCILE_INTERVAL_MS: 3_600_000,
    PARKING_REMINDER_INTERVAL_MS: 3_600_000,
    COMPLAINT_SLA_INTERVAL_MS: 60_000,
    INQUIRY_SLA_INTERVAL_MS: 60_000,
    SENTIMENT_CLEANUP_INTERVAL_MS: 6 * 3_600_000,
    MOVEIN_REMINDER_INTERVAL_MS: 3_600_000,
    RENOVATION_PATROL_INTERVAL_MS: 3_600_000,
    BOARD_CHECK_INTERVAL_MS: 3_600_000,
    ACTIVITY_REMINDER_INTERVAL_MS: 3_600_000,
    SURVEY_CLOSE_INTERVAL_MS: 3_600_000,
    ARCHIVE_REMINDER_INTERVAL_MS: 3_600_000,
    HOUSEKEEPING_INTERVAL_MS: 3_600_000,
  });
  expect(turnOf('remindFees').jobs).toEqual(['billFees', 'remindFees']);
  expect(turnOf('billFees')).toBe(turnOf('remindFees'));
});

/** The table of scheduled jobs in docs/configuration.md, as the registry says it must read. */
function jobsTable(): string[] {
  return [
    '| job (`jobs.<name>`) | what it does | CloudBase timer trigger (cron) | gateway process: variable, `npm start` default (ms) |',
    '|---|---|---|---|',
    ...JOB_NAMES.map((name) => {
      const { description, cron, local } = JOBS[name];
      const where = 'env' in local ? `\`${local.env}\`, \`${local.everyMs}\`` : `in the turn of \`${local.before}\`, just before it`;
      return `| \`${name}\` | ${description} | \`${cron}\` | ${where} |`;
    }),
  ];
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

test('When docs/configuration.md is read, then its table of scheduled jobs is the registry', () => {
  const lines = read('docs/configuration.md').split('\n');
  const heading = lines.indexOf('## Scheduled jobs');
  expect(heading).toBeGreaterThan(-1);
  const start = lines.findIndex((l, i) => i > heading && l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  expect(lines.slice(start, end < 0 ? undefined : end)).toEqual(jobsTable());
});

test('When the configuration, the README or a module page names an interval variable, then the registry has it (no row of a job that is gone)', () => {
  const pages = ['README.md', 'docs/configuration.md', 'docs/deployment.md', ...readdirSync(path.join(ROOT, 'docs/modules')).map((f) => `docs/modules/${f}`)];
  const named = pages.flatMap((page) => (read(page).match(/\b[A-Z][A-Z_]*_INTERVAL_MS\b/g) ?? []).map((env) => ({ page, env })));
  expect(named.filter(({ env }) => !LOCAL_TURNS.some((t) => t.env === env))).toEqual([]);
  // Guards the check itself: the configuration names every turn's variable.
  expect(LOCAL_TURNS.filter((t) => !named.some(({ page, env }) => page === 'docs/configuration.md' && env === t.env)).map((t) => t.env)).toEqual([]);
});
