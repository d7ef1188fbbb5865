/**
 * Compile the self-hosted server (`scripts/start.ts` → dist/server/start.js) and the gateway and
 * import benchmarks into plain Node bundles. `npm start` and `npm run bench:*` run these with `node`:
 * the way production runs, and several times faster per request than running through tsx.
 */
import path from 'node:path';
import { bundleNode } from '../cloud/build';

const ROOT = path.resolve(__dirname, '..');
export const SERVER_OUT = path.join(ROOT, 'dist', 'server');

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'start';
  const entries: Record<string, string> = { start: 'scripts/start.ts', 'bench-gateway': 'bench/gateway.ts', 'bench-import': 'bench/import.ts', 'bench-outbox': 'bench/outbox.ts', 'bench-repairs': 'bench/repairs.ts', 'bench-notices': 'bench/notices.ts', 'bench-reminders': 'bench/reminders.ts', 'bench-move-in': 'bench/move-in.ts' };
  const entry = entries[which];
  if (!entry) throw new Error(`unknown bundle "${which}" (known: ${Object.keys(entries).join(', ')})`);
  // mongodb-memory-server is loaded only as a fallback, from node_modules.
  await bundleNode({ entry: path.join(ROOT, entry), outfile: path.join(SERVER_OUT, `${which}.js`), external: ['mongodb-memory-server'] });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
