/**
 * Package sizes of the built client (run `npm run build:weapp` / `build:h5` first):
 *   npx tsx bench/size.ts
 * weapp: the main package (every file not under a sub-package root) and each sub-package,
 * checked against WeChat's limits (goal: main ≤ 0.5 MB; WeChat's hard limit: 2 MB per package).
 * h5 (if dist/h5 exists): total size and the gzipped size of its JavaScript.
 * Exits 1 when the main package is over 512 KB, any package over 2 MB, or the build is missing.
 * SIZE_WEAPP_DIR / SIZE_H5_DIR (relative to the repository root, or absolute) measure another
 * output directory. Watched libraries (the chart library) are located by a marker of their code
 * and reported with the package that carries them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(__dirname, '..');
// SIZE_WEAPP_DIR / SIZE_H5_DIR measure a build made elsewhere (CLIENT_OUTPUT_DIR=… npm run build:weapp).
const weappDir = path.resolve(root, process.env.SIZE_WEAPP_DIR || 'dist/weapp');
const h5Dir = path.resolve(root, process.env.SIZE_H5_DIR || 'dist/h5');
/** Libraries whose share of a package is worth a line of their own (e.g. the charts of the manager home). */
const WATCHED_LIBRARIES = ['@qiun/ucharts'];
const MAIN_GOAL_BYTES = 512 * 1024;
const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
/** DevTools-only files that are not part of the uploaded code package. */
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json']);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function walk(dir: string, base = dir): { rel: string; size: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, base);
    return [{ rel: path.relative(base, full).split(path.sep).join('/'), size: statSync(full).size }];
  });
}

function row(name: string, bytes: number, files: number, note = ''): string {
  return `${name.padEnd(16)}${kb(bytes).padStart(12)}${String(files).padStart(8)} files  ${note}`.trimEnd();
}

function weapp(): boolean {
  if (!existsSync(path.join(weappDir, 'app.json'))) {
    console.error(`${path.relative(root, weappDir) || weappDir}/app.json 不存在：请先运行 npm run build:weapp`);
    return false;
  }
  const appJson = JSON.parse(readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));
  const sizes = new Map<string, { bytes: number; files: number }>([['main', { bytes: 0, files: 0 }]]);
  for (const r of roots) sizes.set(r, { bytes: 0, files: 0 });

  for (const file of walk(weappDir)) {
    if (NOT_UPLOADED.has(file.rel) || file.rel.endsWith('.map')) continue;
    const owner = roots.find((r) => file.rel.startsWith(`${r}/`)) ?? 'main';
    const s = sizes.get(owner)!;
    s.bytes += file.size;
    s.files += 1;
  }

  console.log(`weapp (${path.relative(root, weappDir)})`);
  let total = 0;
  for (const [name, s] of sizes) {
    total += s.bytes;
    const limit = s.bytes > PACKAGE_LIMIT_BYTES ? 'OVER 2 MB LIMIT' : '';
    console.log(row(name === 'main' ? 'main package' : `sub ${name}/`, s.bytes, s.files, limit));
  }
  console.log(row('total', total, [...sizes.values()].reduce((n, s) => n + s.files, 0)));

  for (const lib of WATCHED_LIBRARIES) libraryShare(lib, roots);

  const main = sizes.get('main')!.bytes;
  const pass = main <= MAIN_GOAL_BYTES && [...sizes.values()].every((s) => s.bytes <= PACKAGE_LIMIT_BYTES);
  console.log(`${pass ? 'PASS' : 'FAIL'}: main package ${kb(main)} (goal ≤ ${kb(MAIN_GOAL_BYTES)})`);
  return pass;
}

/**
 * Where a library ended up: the built JavaScript files that carry its code (found by a marker
 * string of its source) and its size as the minified file npm ships (an estimate of its share).
 */
function libraryShare(lib: string, roots: string[]): void {
  const markers: Record<string, string> = { '@qiun/ucharts': '[uCharts]' };
  const marker = markers[lib];
  if (!marker) return;
  const carriers = walk(weappDir).filter((f) => f.rel.endsWith('.js') && readFileSync(path.join(weappDir, f.rel), 'utf8').includes(marker));
  const where = carriers.map((f) => `${f.rel} (${roots.find((r) => f.rel.startsWith(`${r}/`)) ?? 'main'})`);
  let own = 0;
  try {
    const dir = path.dirname(require.resolve(`${lib}/package.json`));
    const min = readdirSync(dir).find((f) => f.endsWith('.min.js'));
    own = min ? statSync(path.join(dir, min)).size : 0;
  } catch {
    own = 0;
  }
  console.log(`${lib}: ${own ? `~${kb(own)} minified, ` : ''}in ${where.length ? where.join(', ') : 'no file (not bundled)'}`);
}

function h5(): void {
  if (!existsSync(h5Dir)) {
    console.log(`\nh5: ${path.relative(root, h5Dir)} 不存在（npm run build:h5 后再看）`);
    return;
  }
  const files = walk(h5Dir).filter((f) => !f.rel.endsWith('.map'));
  const js = files.filter((f) => f.rel.endsWith('.js'));
  const jsBytes = js.reduce((n, f) => n + f.size, 0);
  const jsGzip = js.reduce((n, f) => n + gzipSync(readFileSync(path.join(h5Dir, f.rel)), { level: 9 }).length, 0);
  const biggest = [...js].sort((a, b) => b.size - a.size)[0];
  console.log(`\nh5 (${path.relative(root, h5Dir)})`);
  console.log(row('total', files.reduce((n, f) => n + f.size, 0), files.length));
  console.log(row('js', jsBytes, js.length, `gzip ${kb(jsGzip)}`));
  if (biggest) {
    const gz = gzipSync(readFileSync(path.join(h5Dir, biggest.rel)), { level: 9 }).length;
    console.log(`largest js: ${biggest.rel} ${kb(biggest.size)} (gzip ${kb(gz)})`);
  }
}

const ok = weapp();
h5();
process.exitCode = ok ? 0 : 1;
