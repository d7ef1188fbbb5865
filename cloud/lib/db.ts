import mongoose from 'mongoose';
import { AppError } from './app-error';
import { getConfig } from './config';
import { logger } from './logger';
import { now } from './clock';
import { monitoringEnabled } from './db-monitor';

// Serverless-friendly: never queue operations while disconnected, fail fast instead.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);
// Models must not touch the database when they are compiled (no I/O at import time), nor does a
// connection: indexes are created at deploy and seed time (createIndexes in cloud/runtime/indexes.ts;
// `npm run db:indexes`), not on every cold start of every function.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);
// Mongoose otherwise formats `new Error().stack` on every query, only to enrich the rare
// "Query was already executed" error: measurable CPU on the request path (see bench/gateway.ts).
mongoose.set('skipOriginalStackTraces', true);

export { mongoose };

let connecting: Promise<typeof mongoose> | null = null;

/** Open the one cached connection lazily (first call does the I/O). */
export function connectDb(): Promise<typeof mongoose> {
  if (mongoose.connection.readyState === 1) return Promise.resolve(mongoose);
  if (!connecting) {
    const { mongodbUri, dbTimeoutMs } = getConfig();
    if (!mongodbUri) {
      return Promise.reject(new AppError('DB.UNAVAILABLE', '未配置数据库地址 MONGODB_URI'));
    }
    connecting = mongoose
      .connect(mongodbUri, {
        serverSelectionTimeoutMS: dbTimeoutMs,
        connectTimeoutMS: dbTimeoutMs,
        maxPoolSize: 20,
        // FerretDB v1 has no retryable writes, so they are off unless the URI turns them on: on a
        // MongoDB replica set put `retryWrites=true` in MONGODB_URI (docs/production.md).
        ...(/[?&]retryWrites=/i.test(mongodbUri) ? {} : { retryWrites: false }),
        // Tests and benchmarks count commands and record query shapes (lib/db-monitor.ts); production does not.
        monitorCommands: monitoringEnabled(),
      })
      .catch((err: unknown) => {
        connecting = null; // let the next request try again
        throw err;
      });
  }
  return connecting;
}

export async function disconnectDb(): Promise<void> {
  connecting = null;
  await mongoose.disconnect();
}

/** True when the database answers a ping within the timeout. */
export async function pingDb(timeoutMs = 1000): Promise<boolean> {
  try {
    const conn = await withTimeout(connectDb(), timeoutMs);
    const db = conn.connection.db;
    if (!db) return false;
    await withTimeout(db.admin().command({ ping: 1 }), timeoutMs);
    return true;
  } catch (err) {
    logger.debug('db ping failed', { err: String(err) });
    return false;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** Errors that mean "the database cannot be reached right now" (→ 503). */
export function isDbUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  // mongoose with bufferCommands=false before the connection is open
  return /before initial connection is complete|Client must be connected/i.test(err.message);
}

/**
 * For jobs that hold many documents: one object per id value, so the 100,000 units of a few
 * communities and buildings do not hold 200,000 equal ObjectIds. `share(id)` returns the first id
 * seen with that value (undefined stays undefined).
 */
export function idSharer<T extends { toString(): string }>(): <I extends T | undefined>(id: I) => I {
  const seen = new Map<string, T>();
  return <I extends T | undefined>(id: I): I => {
    if (id === undefined) return id;
    const key = String(id);
    const known = seen.get(key);
    if (known !== undefined) return known as I;
    seen.set(key, id as T);
    return id;
  };
}

/** Duplicate-key error from a unique index. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Schema option `timestamps` stamped by the one clock (lib/clock.ts), so createdAt/updatedAt agree
 * with the times services record (tests that move the clock see consistent documents).
 */
export const CLOCK_TIMESTAMPS = { createdAt: 'createdAt', updatedAt: 'updatedAt', currentTime: () => now() } as const;
