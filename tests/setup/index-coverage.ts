import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enableCommandMonitoring, onQueryShape } from '../../cloud/lib/db-monitor';
import { mongoose } from '../../cloud/lib/db';
import { shapeKey, uncoveredReason, type IndexKeys, type QueryShape } from '../../cloud/lib/query-shape';
import { SCANS_ON_PURPOSE } from './index-exceptions';

/**
 * The index-coverage check (integration and weapp tiers, after each test file): every filter and
 * sort the application sent while the file ran (cloud functions and jobs; a test's own reads are not
 * recorded) must be served by an index its model declares — `_id`, or an index whose leading key the
 * filter narrows by, in the sort's order — or be listed in index-exceptions.ts with the reason it
 * may scan. A new query without an index fails the file that ran it, naming the shape.
 *
 * The shapes seen are also written to $TMPDIR/wy-query-shapes/ (one file per test file) for the
 * docs' index table.
 */
enableCommandMonitoring();
const seen = new Map<string, QueryShape>();
const stop = onQueryShape((shape) => {
  const key = shapeKey(shape);
  if (!seen.has(key)) seen.set(key, shape);
});

/** Each collection's declared indexes, from the models this process registered. */
function declaredIndexes(): Map<string, IndexKeys[]> {
  const byCollection = new Map<string, IndexKeys[]>();
  for (const model of Object.values(mongoose.models)) {
    const list = byCollection.get(model.collection.collectionName) ?? [];
    for (const [keys] of model.schema.indexes()) list.push(Object.entries(keys) as IndexKeys);
    byCollection.set(model.collection.collectionName, list);
  }
  return byCollection;
}

afterAll(() => {
  stop();
  if (!seen.size) return;
  const indexes = declaredIndexes();
  const dir = path.join(os.tmpdir(), 'wy-query-shapes');
  mkdirSync(dir, { recursive: true });
  const file = path.basename(expect.getState().testPath ?? `file-${process.pid}`);
  writeFileSync(path.join(dir, `${file}.json`), JSON.stringify([...seen.keys()].sort(), null, 1));
  const uncovered: string[] = [];
  for (const [key, shape] of seen) {
    const why = uncoveredReason(shape, indexes.get(shape.collection) ?? []);
    if (why && !Object.prototype.hasOwnProperty.call(SCANS_ON_PURPOSE, key)) uncovered.push(`${key}  — ${why}`);
  }
  if (uncovered.length) {
    throw new Error(
      `index coverage: ${uncovered.length} quer${uncovered.length === 1 ? 'y' : 'ies'} the application sent ${uncovered.length === 1 ? 'has' : 'have'} no index ` +
        `(declare one in the model, or list the shape in tests/setup/index-exceptions.ts with the reason it may scan):\n${uncovered.join('\n')}`,
    );
  }
});
