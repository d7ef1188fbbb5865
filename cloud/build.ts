/**
 * `npm run build:cloud`: one self-contained bundle per cloud function, in the CloudBase layout
 * `<cloudfunctionRoot>/<name>/index.js + package.json + config.json` (cloudfunctionRoot is
 * dist/cloudfunctions/, as project.config.json says). Upload each folder from WeChat DevTools.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'cloud', 'functions');
export const OUT = path.join(ROOT, 'dist', 'cloudfunctions');

/** Optional peer modules of the MongoDB driver that we never need. */
const OPTIONAL = ['kerberos', '@mongodb-js/zstd', '@aws-sdk/credential-providers', 'gcp-metadata', 'snappy', 'socks', 'aws4', 'mongodb-client-encryption'];

/**
 * Worker threads started by bundled code: each is bundled on its own, next to every bundle that
 * includes its host, which finds it at run time beside its own file (`__dirname`).
 */
export const WORKER_BUNDLES = [{ host: 'cloud/modules/imports/sheet-worker.ts', entry: 'cloud/modules/imports/sheet-worker.entry.ts', outfile: 'import-sheet-worker.js' }];

/** One self-contained CommonJS bundle for Node (cloud functions, the server, benchmarks), with the workers it starts. */
export async function bundleNode(opts: { entry: string; outfile: string; target?: string; external?: string[] }): Promise<void> {
  const result = await esbuildNode(opts);
  const inputs = Object.keys(result.metafile.inputs).map((file) => path.resolve(file));
  for (const worker of WORKER_BUNDLES) {
    if (!inputs.includes(path.join(ROOT, worker.host))) continue;
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
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
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
    copyFileSync(path.join(SRC, name, 'config.json'), path.join(dir, 'config.json'));
    built.push({ name, bytes: statSync(path.join(dir, 'index.js')).size });
  }
  return built;
}

if (require.main === module) {
  buildFunctions()
    .then((built) => {
      for (const b of built) console.log(`${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB  → ${path.relative(ROOT, path.join(OUT, b.name))}/`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
