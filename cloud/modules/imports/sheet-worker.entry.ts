import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../lib/app-error';
import { readSheet } from './file-reader';
import type { SheetJob, SheetReply } from './sheet-worker';

/**
 * The worker thread that reads one uploaded file (sheet-worker.ts starts it with a memory limit):
 * it gets the bytes, posts back the rows of text cells or the IMPORT.BAD_FILE that explains why not.
 * Bundled on its own next to each bundle that needs it (cloud/build.ts).
 */
async function run(job: SheetJob): Promise<SheetReply> {
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    return { ok: true, sheet: await readSheet(bytes, job.fileName, job.limits) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void run(workerData as SheetJob).then((reply) => port.postMessage(reply));
}
