import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '@shared/errors';
import { AppError } from '../../lib/app-error';
import { logger } from '../../lib/logger';
import { READ_LIMITS, type ReadLimits, type Sheet } from './file-reader';

/**
 * Reads an uploaded file off the request thread: in a worker thread with a memory limit and a time
 * limit, a few at a time. A file that needs more (a zip bomb that slipped past the size caps, a
 * sheet built to be slow) costs its worker, never the server: it answers 400 IMPORT.BAD_FILE.
 *
 * - Memory: the worker's V8 heap is capped (`maxOldGenerationSizeMb`); past it Node ends the worker
 *   (ERR_WORKER_OUT_OF_MEMORY), not the process.
 * - Time: a worker still reading after `timeoutMs` is terminated.
 * - At once: `maxParallel` readers per process; up to `maxWaiting` more wait their turn (each turn
 *   is bounded by the time limit); beyond that `503 IMPORT.BUSY` with Retry-After.
 *
 * Where the worker's code is: bundles (`npm start`, CloudBase functions, benchmarks) carry
 * `import-sheet-worker.js` next to themselves (cloud/build.ts bundles it alongside every bundle
 * that includes this file); run from source (jest, tsx) the TypeScript entry is loaded through tsx.
 */
export interface SheetJob {
  bytes: Uint8Array;
  fileName: string;
  limits: ReadLimits;
}

export type SheetReply = { ok: true; sheet: Sheet } | { ok: false; code?: ErrorCode; message: string };

export interface SheetWorkerSettings {
  /** The worker's V8 old-generation heap (MB). */
  maxOldGenerationSizeMb: number;
  /** Longest a worker may read (ms). */
  timeoutMs: number;
  maxParallel: number;
  maxWaiting: number;
  /** Retry-After of IMPORT.BUSY (s). */
  retryAfterSeconds: number;
}

const DEFAULTS: SheetWorkerSettings = { maxOldGenerationSizeMb: 256, timeoutMs: 20_000, maxParallel: 2, maxWaiting: 4, retryAfterSeconds: 5 };
let settings: SheetWorkerSettings = { ...DEFAULTS };

/** Change the limits (tests); returns the function that restores the previous ones. */
export function setSheetWorkerSettings(over: Partial<SheetWorkerSettings>): () => void {
  const before = settings;
  settings = { ...settings, ...over };
  return () => {
    settings = before;
  };
}

/** Bundled name of the worker entry (cloud/build.ts WORKER_BUNDLES writes it beside the bundle). */
export const SHEET_WORKER_FILE = 'import-sheet-worker.js';

const TOO_COMPLEX = '文件过大或过于复杂，无法读取，请删除多余的内容或拆分后分批导入';

let active = 0;
const waiting: (() => void)[] = [];

/** Files being read right now (in workers) in this process, and files waiting for a worker. */
export function sheetReads(): { reading: number; waiting: number } {
  return { reading: active, waiting: waiting.length };
}

async function acquire(): Promise<void> {
  if (active < settings.maxParallel) {
    active++;
    return;
  }
  if (waiting.length >= settings.maxWaiting) throw new AppError('IMPORT.BUSY', undefined, { retryAfterSeconds: settings.retryAfterSeconds });
  // The slot is handed over by release(): `active` stays counted.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else active--;
}

function startWorker(job: SheetJob): Worker {
  const options = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: settings.maxOldGenerationSizeMb } };
  // Bundled (this code is part of a .js bundle): the worker's bundle lies beside it.
  if (path.extname(__filename) !== '.ts') return new Worker(path.join(__dirname, SHEET_WORKER_FILE), options);
  // From source (this file is cloud/modules/imports/sheet-worker.ts): tsx compiles the entry in the worker.
  const entry = path.join(__dirname, 'sheet-worker.entry.ts');
  const tsconfig = path.resolve(__dirname, '../../../tsconfig.json');
  const code = [
    `const req = require('node:module').createRequire(${JSON.stringify(entry)});`,
    `process.env.TSX_TSCONFIG_PATH = ${JSON.stringify(tsconfig)};`,
    `req('tsx/cjs/api').register();`,
    `req(${JSON.stringify(entry)});`,
  ].join('\n');
  return new Worker(code, { ...options, eval: true });
}

function readInWorker(job: SheetJob): Promise<Sheet> {
  return new Promise<Sheet>((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      logger.warn('imports.read_timeout', { fileName: job.fileName, bytes: job.bytes.byteLength, timeoutMs: settings.timeoutMs });
      finish(() => reject(new AppError('IMPORT.BAD_FILE', TOO_COMPLEX)));
    }, settings.timeoutMs);
    worker.on('message', (reply: SheetReply) =>
      finish(() => {
        if (reply.ok) return resolve(reply.sheet);
        if (reply.code) return reject(new AppError(reply.code, reply.message));
        // The reader maps every problem of a file to IMPORT.BAD_FILE; anything else is logged.
        logger.warn('imports.read_failed', { fileName: job.fileName, error: reply.message });
        reject(new AppError('IMPORT.BAD_FILE', '无法读取该文件，请确认文件未损坏，且为 .xlsx 或 .csv 格式'));
      }),
    );
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() => {
        if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(err);
        logger.warn('imports.read_out_of_memory', { fileName: job.fileName, bytes: job.bytes.byteLength, maxOldGenerationSizeMb: settings.maxOldGenerationSizeMb });
        reject(new AppError('IMPORT.BAD_FILE', TOO_COMPLEX));
      }),
    );
    worker.on('exit', (code) => finish(() => reject(new AppError('IMPORT.BAD_FILE', code === 0 ? '无法读取该文件' : TOO_COMPLEX))));
  });
}

/** Read an uploaded file in a worker thread (see above); the answer of file-reader's readSheet. */
export async function readSheetInWorker(bytes: Buffer, fileName: string, limits: ReadLimits = READ_LIMITS): Promise<Sheet> {
  await acquire();
  try {
    return await readInWorker({ bytes, fileName, limits });
  } finally {
    release();
  }
}
