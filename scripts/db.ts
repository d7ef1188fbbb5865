import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './paths';

/**
 * Where the database comes from (DESIGN.md §Data):
 * 1. MONGODB_URI if set;
 * 2. else a local FerretDB v1.24.2 (SQLite backend, data under `dataDir`) if the binary is found
 *    (or can be built: Go is installed);
 * 3. else mongodb-memory-server with a persistent dbPath under `dataDir`.
 */
export type DbKind = 'external' | 'ferretdb' | 'mongodb-memory-server';

export interface RunningDb {
  kind: DbKind;
  /** Server URI without a database name, e.g. mongodb://127.0.0.1:27017 */
  serverUri: string;
  /** One line for humans: what was chosen and where. */
  description: string;
  stop(): Promise<void>;
}

/** Put a database name into a server URI (keeps credentials and query options). */
export function withDbName(serverUri: string, dbName: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export function findFerretDb(): string | null {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'ferretdb'));
  let gopathBin: string[] = [];
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    gopathBin = gopath.split(path.delimiter).map((d) => path.join(d, 'bin', 'ferretdb'));
  } catch {
    /* no Go on this machine */
  }
  const home = process.env.HOME ? [path.join(process.env.HOME, 'go', 'bin', 'ferretdb')] : [];
  return [...fromPath, ...gopathBin, ...home].find((p) => existsSync(p)) ?? null;
}

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The ferretdb binary; when it is missing but Go is installed, build it once with
 * scripts/install-ferretdb.sh (about a minute and a half, then cached in the Go path).
 */
export function ensureFerretDb(log: (line: string) => void): string | null {
  const found = findFerretDb();
  if (found || !hasGo()) return found;
  log('未找到 ferretdb，正在用 Go 构建 FerretDB v1.24.2（仅首次，约 2 分钟）…');
  try {
    execFileSync('bash', [path.join(repoRoot(), 'scripts', 'install-ferretdb.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    log('FerretDB 构建失败（见上方输出）');
    return null;
  }
  return findFerretDb();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export interface FerretDbProcess {
  port: number;
  serverUri: string;
  /** How many times FerretDB was restarted after dying on its own. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface FerretDbOptions {
  binary: string;
  dataDir: string;
  port?: number;
  /**
   * When FerretDB dies on its own (crash, OOM kill), start it again on the same port and data
   * (backoff 0.5 s, 1 s, 2 s…); after `maxRestarts` failed starts in a row, call `onGiveUp`
   * (npm start exits then, so a process supervisor restarts the whole system). Off by default.
   */
  restart?: { maxRestarts?: number; onGiveUp?: (err: Error) => void; log?: (line: string) => void };
}

/** One FerretDB child under its bash wrapper; resolves once it accepts connections. */
async function launchFerretDb(binary: string, dataDir: string, port: number): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const logFile = path.join(dataDir, 'ferretdb.log');
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  // $1 = our pid: a watcher kills FerretDB when that pid is gone; TERM to the wrapper stops it too.
  const wrapper =
    'p=$1; shift; "$0" "$@" & c=$!; trap "kill $c 2>/dev/null" TERM INT; ' +
    '(while kill -0 $p 2>/dev/null; do sleep 1; done; kill $c 2>/dev/null) & r=$!; ' +
    'wait $c; s=$?; wait $c 2>/dev/null; kill $r 2>/dev/null; exit $s';
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn('bash', ['-c', wrapper, binary, String(process.pid), ...args], { stdio: ['ignore', out, out] });
  let exited = false;
  const exitedPromise = new Promise<number | null>((resolve) => child.once('exit', (code) => ((exited = true), resolve(code))));

  const deadline = Date.now() + 20_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGTERM');
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
      throw new Error(`FerretDB did not start on 127.0.0.1:${port} (see ${logFile}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited: exitedPromise };
}

/**
 * Start FerretDB on 127.0.0.1 only, telemetry off. It runs under a small bash wrapper that
 * kills it once this process is gone, so it never outlives us, even after a SIGKILL.
 */
export async function startFerretDb(opts: FerretDbOptions): Promise<FerretDbProcess> {
  mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  let current = await launchFerretDb(opts.binary, opts.dataDir, port);
  let stopping = false;
  let restarts = 0;
  const log = opts.restart?.log ?? (() => undefined);
  const maxRestarts = opts.restart?.maxRestarts ?? 5;

  const supervise = (launched: typeof current) => {
    void launched.exited.then(async (code) => {
      if (stopping || !opts.restart || launched !== current) return;
      log(`数据库进程意外退出（退出码 ${code ?? 'signal'}），正在重新启动…`);
      for (let attempt = 1; attempt <= maxRestarts && !stopping; attempt++) {
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
        if (stopping) return;
        try {
          current = await launchFerretDb(opts.binary, opts.dataDir, port);
          restarts++;
          log(`数据库已重新启动（127.0.0.1:${port}）`);
          supervise(current);
          return;
        } catch (err) {
          log(`数据库重新启动失败（第 ${attempt} 次）：${(err as Error).message.split('\n')[0]}`);
          if (attempt === maxRestarts) opts.restart.onGiveUp?.(err as Error);
        }
      }
    });
  };
  supervise(current);

  return {
    port,
    serverUri: `mongodb://127.0.0.1:${port}`,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (current.child.exitCode !== null || current.child.signalCode !== null) return;
      current.child.kill('SIGTERM'); // the wrapper passes it on to FerretDB
      await current.exited;
    },
  };
}

export async function startDatabase(opts: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** The embedded FerretDB died and could not be restarted (npm start exits: a supervisor restarts it all). */
  onDatabaseLost?: (err: Error) => void;
}): Promise<RunningDb> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => console.log(line));

  if (env.MONGODB_URI) {
    const url = new URL(env.MONGODB_URI);
    const db: RunningDb = {
      kind: 'external',
      serverUri: `${url.protocol}//${url.username ? `${url.username}:${url.password}@` : ''}${url.host}${url.search}`,
      description: `MONGODB_URI (${url.host})`,
      stop: async () => undefined,
    };
    log(`数据库：使用 ${db.description}`);
    return db;
  }

  const binary = ensureFerretDb(log);
  if (binary) {
    const dataDir = path.join(opts.dataDir, 'ferretdb');
    const ferret = await startFerretDb({ binary, dataDir, restart: { log, onGiveUp: opts.onDatabaseLost } });
    const db: RunningDb = {
      kind: 'ferretdb',
      serverUri: ferret.serverUri,
      description: `FerretDB v1.24 (SQLite，数据目录 ${dataDir}，127.0.0.1:${ferret.port})`,
      stop: () => ferret.stop(),
    };
    log(`数据库：内置 ${db.description}`);
    return db;
  }

  const dbPath = path.join(opts.dataDir, 'mongodb');
  mkdirSync(dbPath, { recursive: true });
  log('数据库：未找到 ferretdb，改用 mongodb-memory-server（首次需要下载 mongod）');
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const server = await MongoMemoryServer.create({ instance: { dbPath, ip: '127.0.0.1', storageEngine: 'wiredTiger' } });
  const uri = new URL(server.getUri());
  return {
    kind: 'mongodb-memory-server',
    serverUri: `mongodb://${uri.host}`,
    description: `mongodb-memory-server（数据目录 ${dbPath}）`,
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
