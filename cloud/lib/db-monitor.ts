import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import mongoose from 'mongoose';
import { shapesOfCommand, type QueryShape } from './query-shape';

/**
 * What the database is asked, measured where it cannot lie: the MongoDB driver's command monitoring
 * (`monitorCommands`). Engine-independent figures for tests and benchmarks — commands per business
 * operation, documents written — and the shape of every filter and sort (for the index-coverage
 * check, tests/setup/index-coverage.ts). Off in production: `enableCommandMonitoring()` must be
 * called before the connection opens (connectDb reads `monitoringEnabled()`).
 */

let enabled = false;
/** The meters running now: each sees every command (benches and tests measure one operation at a time). */
const meters = new Set<Tally>();
const shapeSinks = new Set<(shape: QueryShape) => void>();
/** Started write commands by request id, until their reply (what a reply's counts mean depends on the command). */
const pendingWrites = new Map<number, { name: string; collection: string }>();
let attachedTo: unknown = null;
/** Marks the commands the application sends (a function's call, a job's run), as opposed to a test's own reads. */
const application = new AsyncLocalStorage<true>();

export interface Tally {
  /** Every command sent (reads, writes, getMore, …; not the driver's own handshakes and pings). */
  commands: number;
  /** Commands by name: `find`, `insert`, `update`, `aggregate`, … */
  byName: Record<string, number>;
  /** Documents inserted, changed, upserted or deleted, as the server reported them. */
  written: number;
  /** Documents written per collection. */
  writtenIn: Record<string, number>;
}

const IGNORED = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'saslStart', 'saslContinue', 'endSessions', 'killCursors', 'getParameter', 'listIndexes', 'createIndexes', 'listCollections', 'dropDatabase', 'drop']);

export function enableCommandMonitoring(): void {
  enabled = true;
}

export function monitoringEnabled(): boolean {
  return enabled;
}

const emptyTally = (): Tally => ({ commands: 0, byName: {}, written: 0, writtenIn: {} });

/** Start counting; `stop()` returns what was counted since. */
export function startMeter(): { stop(): Tally; peek(): Tally } {
  attach();
  const tally = emptyTally();
  meters.add(tally);
  return {
    peek: () => ({ ...tally, byName: { ...tally.byName }, writtenIn: { ...tally.writtenIn } }),
    stop: () => {
      meters.delete(tally);
      return tally;
    },
  };
}

/** Count the commands `fn` sends (and whatever else runs meanwhile: measure one operation at a time). */
export async function countCommands<T>(fn: () => Promise<T>): Promise<{ value: T; tally: Tally }> {
  const meter = startMeter();
  try {
    const value = await fn();
    return { value, tally: meter.stop() };
  } finally {
    meter.stop();
  }
}

/** Run application code (a function call, a job run): its queries' shapes go to `onQueryShape`'s sinks. */
export function asApplication<T>(fn: () => Promise<T>): Promise<T> {
  return enabled ? application.run(true, fn) : fn();
}

/**
 * Receive the shape of every filter and sort the application sends from now on (inside
 * `asApplication`: a test's own checks are not the application's queries), until the returned
 * function is called.
 */
export function onQueryShape(sink: (shape: QueryShape) => void): () => void {
  attach();
  shapeSinks.add(sink);
  return () => shapeSinks.delete(sink);
}

/** Hook the listeners onto the current connection's client (again after a reconnect made a new client). */
function attach(): void {
  if (!enabled) throw new Error('command monitoring is off: call enableCommandMonitoring() before the database connects');
  const conn = mongoose.connection;
  if (conn.readyState !== 1) {
    conn.once('connected', attach);
    return;
  }
  const client = conn.getClient();
  if (attachedTo === client) return;
  attachedTo = client;
  client.on('commandStarted', onStarted);
  client.on('commandSucceeded', onSucceeded);
  client.on('commandFailed', (e: { requestId: number }) => pendingWrites.delete(e.requestId));
}

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

function onStarted(e: CommandStartedEvent): void {
  if (IGNORED.has(e.commandName)) return;
  for (const t of meters) {
    t.commands++;
    t.byName[e.commandName] = (t.byName[e.commandName] ?? 0) + 1;
  }
  if (meters.size && WRITES.has(e.commandName)) pendingWrites.set(e.requestId, { name: e.commandName, collection: String(e.command[e.commandName]) });
  if (shapeSinks.size && application.getStore()) {
    for (const shape of shapesOfCommand(e.commandName, e.command)) for (const sink of shapeSinks) sink(shape);
  }
}

function onSucceeded(e: CommandSucceededEvent): void {
  const write = pendingWrites.get(e.requestId);
  if (!write) return;
  pendingWrites.delete(e.requestId);
  const n = writtenBy(write.name, e.reply as Record<string, unknown>);
  if (!n) return;
  for (const t of meters) {
    t.written += n;
    t.writtenIn[write.collection] = (t.writtenIn[write.collection] ?? 0) + n;
  }
}

/** Documents a write command's reply says it wrote. */
export function writtenBy(name: string, reply: Record<string, unknown>): number {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  switch (name) {
    case 'insert':
    case 'delete':
      return num(reply.n);
    case 'update':
      return num(reply.nModified) + (Array.isArray(reply.upserted) ? reply.upserted.length : 0);
    case 'findAndModify': {
      const last = (reply.lastErrorObject ?? {}) as Record<string, unknown>;
      return num(last.n);
    }
    default:
      return 0;
  }
}

/** One line for a bench: `12 commands (find 5, insert 4, update 3), 6 documents written`. */
export function describeTally(t: Tally, per = 1): string {
  const f = (v: number) => (per === 1 ? String(v) : (v / per).toFixed(2));
  const names = Object.entries(t.byName)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${f(v)}`)
    .join(', ');
  return `${f(t.commands)} commands (${names}), ${f(t.written)} documents written`;
}
