/**
 * `npm run build:cloud`: one self-contained bundle per cloud function, in the CloudBase layout
 * `<cloudfunctionRoot>/<name>/index.js + package.json + config.json` (cloudfunctionRoot is
 * dist/cloudfunctions/, as project.config.json says). Upload each folder from WeChat DevTools.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jobTriggers } from '../shared/contracts/jobs.contract';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'cloud', 'functions');
export const OUT = path.join(ROOT, 'dist', 'cloudfunctions');

/** Optional peer modules of the MongoDB driver that we never need. */
const OPTIONAL = ['kerberos', '@mongodb-js/zstd', '@aws-sdk/credential-providers', 'gcp-metadata', 'snappy', 'socks', 'aws4', 'mongodb-client-encryption'];

/**
 * Packages imported only for what they export (no effect of their own on load), so a bundle that
 * uses none of their exports leaves them out: every function loads its modules through their
 * public API (index.ts), and e.g. repairs loads the fees module for its hooks but never makes a PDF
 * (pdfkit and its fonts), auth loads messaging but never sends (wechat-api and urllib).
 */
const SIDE_EFFECT_FREE = ['wechat-api', 'pdfkit', 'exceljs', 'opencc-js', '@monyone/aho-corasick', 'csv-parse', 'saxes'];

const sideEffectFree: Plugin = {
  name: 'side-effect-free-packages',
  setup(b) {
    const filter = new RegExp(`^(${SIDE_EFFECT_FREE.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === sideEffectFree) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: sideEffectFree });
      return resolved.errors.length ? resolved : { ...resolved, sideEffects: false };
    });
  },
};

/**
 * Worker threads started by bundled code: each is bundled on its own, next to every bundle whose
 * code starts it (`host`: that code names `outfile`), which finds it at run time beside its own file
 * (`__dirname`).
 */
export const WORKER_BUNDLES = [{ host: 'cloud/modules/imports/sheet-worker.ts', entry: 'cloud/modules/imports/sheet-worker.entry.ts', outfile: 'import-sheet-worker.js' }];

/** One self-contained CommonJS bundle for Node (cloud functions, the server, benchmarks), with the workers it starts. */
export async function bundleNode(opts: { entry: string; outfile: string; target?: string; external?: string[] }): Promise<void> {
  await esbuildNode(opts);
  // A bundle that can start the worker names its file (the host's code that starts it is live);
  // one that merely imports the host's module for something else does not carry the worker.
  const code = readFileSync(opts.outfile, 'utf8');
  for (const worker of WORKER_BUNDLES) {
    if (!code.includes(worker.outfile)) continue;
    await esbuildNode({ ...opts, entry: path.join(ROOT, worker.entry), outfile: path.join(path.dirname(opts.outfile), worker.outfile) });
  }
}

function esbuildNode(opts: { entry: string; outfile: string; target?: string; external?: string[] }) {
  return build({
    entryPoints: [opts.entry],
    outfile: opts.outfile,
    metafile: true,
    bundle: true,
    platform: 'node',
    target: opts.target ?? 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    external: [...OPTIONAL, ...(opts.external ?? [])],
    plugins: [sideEffectFree],
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

const CONFIG = 'config.json';

/**
 * A function's CloudBase `config.json`: the committed one (permissions, timeout), with the timer
 * triggers of `jobs` generated from the job registry (shared/contracts/jobs.contract.ts).
 */
export function functionConfig(name: string): Record<string, unknown> {
  const committed = JSON.parse(readFileSync(path.join(SRC, name, CONFIG), 'utf8')) as Record<string, unknown>;
  return name === 'jobs' ? { ...committed, triggers: jobTriggers() } : committed;
}

const configText = (config: Record<string, unknown>) => JSON.stringify(config, null, 2) + '\n';

/**
 * Keep the committed `cloud/functions/jobs/config.json` equal to what the build writes (a unit test
 * fails while they differ). Returns the files it rewrote.
 */
export function syncCommittedConfigs(): string[] {
  const file = path.join(SRC, 'jobs', CONFIG);
  const text = configText(functionConfig('jobs'));
  if (readFileSync(file, 'utf8') === text) return [];
  writeFileSync(file, text);
  return [path.relative(ROOT, file)];
}

export async function buildFunctions(): Promise<{ name: string; bytes: number }[]> {
  const names = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory() && existsSync(path.join(SRC, n, 'index.ts')));
  rmSync(OUT, { recursive: true, force: true });
  const built: { name: string; bytes: number }[] = [];
  for (const name of names) {
    const dir = path.join(OUT, name);
    mkdirSync(dir, { recursive: true });
    // CloudBase's Node runtimes start at 16.
    await bundleNode({ entry: path.join(SRC, name, 'index.ts'), outfile: path.join(dir, 'index.js'), target: 'node16' });
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', description: `物业客服云函数 ${name}（由 cloud/build.ts 生成）`, dependencies: {} }, null, 2) + '\n',
    );
    writeFileSync(path.join(dir, CONFIG), configText(functionConfig(name)));
    built.push({ name, bytes: statSync(path.join(dir, 'index.js')).size });
  }
  return built;
}

if (require.main === module) {
  for (const file of syncCommittedConfigs()) console.log(`${file}: triggers written from the job registry`);
  buildFunctions()
    .then((built) => {
      for (const b of built) console.log(`${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB  → ${path.relative(ROOT, path.join(OUT, b.name))}/`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
