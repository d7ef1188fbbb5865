/**
 * `npm run build:cloud`: one self-contained bundle per cloud function, in the CloudBase layout
 * `<cloudfunctionRoot>/<name>/index.js + package.json + config.json` (cloudfunctionRoot is
 * dist/cloudfunctions/, as project.config.json says). Upload each folder from WeChat DevTools.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jobTriggers } from '../shared/contracts/jobs.contract';
import { knownSettings } from './lib/config';
import { BUNDLED_CONFIG_NAME, CONFIG_FILE_VAR, readConfigFile } from './lib/config-file';

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
  await bundleNodeMany({ outdir: path.dirname(opts.outfile), entries: { [path.basename(opts.outfile)]: opts.entry }, target: opts.target, external: opts.external });
}

/**
 * Several self-contained bundles (`entries`: output path under `outdir`, e.g. 'auth/index.js' →
 * entry) in one esbuild run — each module is read once for all of them (the cloud functions share
 * most of their code: about 3× faster than one run per bundle) — each with the workers it starts.
 */
async function bundleNodeMany(opts: { outdir: string; entries: Record<string, string>; target?: string; external?: string[] }): Promise<void> {
  const outputs = Object.keys(opts.entries);
  const stem = (file: string) => file.replace(/\.js$/, '');
  await esbuildNode({ ...opts, entryPoints: outputs.map((out) => ({ in: opts.entries[out], out: stem(out) })) });
  // A bundle that can start the worker names its file (the host's code that starts it is live);
  // one that merely imports the host's module for something else does not carry the worker.
  for (const worker of WORKER_BUNDLES) {
    const hosts = outputs.filter((out) => readFileSync(path.join(opts.outdir, out), 'utf8').includes(worker.outfile));
    if (!hosts.length) continue;
    await esbuildNode({ ...opts, entryPoints: hosts.map((out) => ({ in: path.join(ROOT, worker.entry), out: stem(path.join(path.dirname(out), worker.outfile)) })) });
  }
}

function esbuildNode(opts: { outdir: string; entryPoints: { in: string; out: string }[]; target?: string; external?: string[] }) {
  return build({
    entryPoints: opts.entryPoints,
    outdir: opts.outdir,
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

/**
 * Build every function into `outDir` (default dist/cloudfunctions/). With a configuration file
 * (`configFile`, default WUYE_CONFIG; its keys are checked), a copy goes beside each bundle as
 * `wuye.config.json`, which the function reads when WUYE_CONFIG is unset (CloudBase has no file of
 * ours; its environment variables still win, name by name). Secrets may stay out of the file and
 * be set as the functions' environment variables.
 */
export async function buildFunctions(opts: { outDir?: string; configFile?: string } = {}): Promise<{ name: string; bytes: number }[]> {
  const out = opts.outDir ?? OUT;
  const configFile = opts.configFile ?? process.env[CONFIG_FILE_VAR];
  let settingsText: string | undefined;
  if (configFile) {
    readConfigFile(path.resolve(configFile), knownSettings()); // throws a ConfigError naming what is wrong
    settingsText = readFileSync(path.resolve(configFile), 'utf8');
  }
  const names = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory() && existsSync(path.join(SRC, n, 'index.ts')));
  rmSync(out, { recursive: true, force: true });
  const built: { name: string; bytes: number }[] = [];
  // CloudBase's Node runtimes start at 16.
  await bundleNodeMany({ outdir: out, entries: Object.fromEntries(names.map((name) => [path.join(name, 'index.js'), path.join(SRC, name, 'index.ts')])), target: 'node16' });
  for (const name of names) {
    const dir = path.join(out, name);
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', description: `物业客服云函数 ${name}（由 cloud/build.ts 生成）`, dependencies: {} }, null, 2) + '\n',
    );
    writeFileSync(path.join(dir, CONFIG), configText(functionConfig(name)));
    if (settingsText !== undefined) writeFileSync(path.join(dir, BUNDLED_CONFIG_NAME), settingsText, { mode: 0o600 });
    built.push({ name, bytes: statSync(path.join(dir, 'index.js')).size });
  }
  return built;
}

if (require.main === module) {
  for (const file of syncCommittedConfigs()) console.log(`${file}: triggers written from the job registry`);
  buildFunctions()
    .then((built) => {
      for (const b of built) console.log(`${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB  → ${path.relative(ROOT, path.join(OUT, b.name))}/`);
      const file = process.env[CONFIG_FILE_VAR];
      console.log(file ? `配置文件 ${path.resolve(file)} 已随每个云函数打包为 ${BUNDLED_CONFIG_NAME}（环境变量仍然优先）` : `未设置 ${CONFIG_FILE_VAR}：云函数只从各自的环境变量读配置`);
      console.log('上传前请运行 npm run check:deploy');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
