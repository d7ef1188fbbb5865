import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Envelope } from '@shared/errors';
import { bundleNode } from '../../cloud/build';

/**
 * What CloudBase hands a cloud function besides the event: the SCF context with the WX context of
 * the invocation (cloud/lib/wx-context.ts reads it). Tests call `main(event, cloudbaseContext(…))`
 * as CloudBase would.
 */
export interface WxCaller {
  openid?: string;
  /** Default: the configured WECHAT_APPID of the tests ('wx_demo_appid'). */
  appId?: string;
  unionid?: string;
}

export const DEMO_APPID = 'wx_demo_appid';

/** The keys CloudBase lists in WX_CONTEXT_KEYS and sets for a call from the mini-program. */
export function wxEnvironment(caller: WxCaller = {}): Record<string, string> {
  const env: Record<string, string> = {};
  if (caller.openid) {
    env.WX_OPENID = caller.openid;
    env.WX_APPID = caller.appId ?? DEMO_APPID;
    if (caller.unionid) env.WX_UNIONID = caller.unionid;
  }
  if (Object.keys(env).length) env.WX_CONTEXT_KEYS = Object.keys(env).join(',');
  return env;
}

/**
 * The context of a newer SCF runtime: the WX context in `environment` (a JSON string), one per
 * invocation. Without an openid: a call with no WeChat user (a timer trigger).
 */
export function cloudbaseContext(caller: WxCaller = {}, functionName = 'fn'): Record<string, unknown> {
  return { ...scfContext(functionName), environment: JSON.stringify({ ...wxEnvironment(caller), TCB_ENV: 'test-env', TRIGGER_SRC: 'tcb' }) };
}

/** The SCF context without a WX context in it (the runtime put it in process.env instead). */
export function scfContext(functionName = 'fn'): Record<string, unknown> {
  return {
    request_id: `cb-${randomBytes(6).toString('hex')}`,
    function_name: functionName,
    function_version: '$LATEST',
    namespace: 'test-env',
    memory_limit_in_mb: 256,
    time_limit_in_ms: 10_000,
  };
}

/** The same context the way older runtimes write it: `environ`, `KEY=value;KEY=value`. */
export function cloudbaseEnvironContext(caller: WxCaller = {}, functionName = 'fn'): Record<string, unknown> {
  const env = { ...wxEnvironment(caller), TCB_ENV: 'test-env', TRIGGER_SRC: 'tcb' };
  return {
    request_id: `cb-${randomBytes(6).toString('hex')}`,
    function_name: functionName,
    environ: Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(';'),
  };
}

/**
 * CloudBase in a test: the BUILT function bundles (cloud/build.ts, as uploaded), each run by warm
 * instances the way CloudBase runs them — an instance is a worker thread of this process that
 * `require()`s the bundle once (the cold start) and then runs `main(event, context)` for one
 * invocation at a time, with the function's own environment (`env`: MONGODB_URI, SESSION_SECRET…)
 * and the caller's WX context set for each invocation. `callFunction` is what `wx.cloud.callFunction`
 * does: the client's `data` becomes the event, plus the `userInfo` CloudBase adds.
 */
export interface CloudBaseOptions {
  /** Where the bundles are built: `<dir>/<fn>/index.js` (one folder per test file: no clobbering). */
  dir: string;
  /** The functions' environment variables, as set in the CloudBase console. */
  env: Record<string, string>;
}

export interface CloudCall {
  fn: string;
  /** Which warm instance ran it (1, 2… per function, in the order they were started). */
  instance: number;
  caller: WxCaller;
  event: Record<string, unknown>;
  result: Envelope<unknown>;
}

interface Instance {
  n: number;
  worker: Worker;
  /** The invocation running now (an instance runs one at a time). */
  busy: Promise<unknown>;
  seq: number;
  waiting: Map<number, { resolve: (r: Envelope<unknown>) => void; reject: (e: Error) => void }>;
}

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE_INPUTS = ['cloud', 'shared', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

export class CloudBase {
  readonly calls: CloudCall[] = [];
  private readonly instances = new Map<string, Instance[]>();
  private readonly builds = new Map<string, Promise<void>>();
  private inputsAt = 0;

  constructor(private readonly opts: CloudBaseOptions) {}

  bundlePath(fn: string): string {
    return path.join(this.opts.dir, fn, 'index.js');
  }

  /**
   * Build the bundles of `fns` (esbuild, as `npm run build:cloud` does) unless they are newer than
   * every source. `invoke` builds a function it has not built yet; building first keeps that out of timings.
   */
  async build(fns: readonly string[]): Promise<void> {
    this.inputsAt ||= Math.max(...BUNDLE_INPUTS.map((p) => path.join(ROOT, p)).filter(existsSync).map(newestMtime));
    for (const fn of fns) {
      let built = this.builds.get(fn);
      if (!built) {
        const out = this.bundlePath(fn);
        built =
          existsSync(out) && statSync(out).mtimeMs >= this.inputsAt
            ? Promise.resolve()
            : (async () => {
                mkdirSync(path.dirname(out), { recursive: true });
                await bundleNode({ entry: path.join(ROOT, 'cloud', 'functions', fn, 'index.ts'), outfile: out, target: 'node16' });
              })();
        this.builds.set(fn, built);
      }
      await built;
    }
  }

  /** Start a new instance of `fn`: its first invocation is a cold start. */
  startInstance(fn: string): Instance {
    const list = this.instances.get(fn) ?? [];
    const worker = new Worker(path.join(__dirname, 'cloudbase-instance.cjs'), {
      // Only the function's own environment (a CloudBase instance inherits nothing of this process).
      env: { PATH: process.env.PATH ?? '', ...this.opts.env },
      workerData: { bundle: this.bundlePath(fn), networkGuard: path.join(ROOT, 'tests', 'setup', 'network-guard.cjs') },
      stdout: false,
      stderr: false,
    });
    const instance: Instance = { n: list.length + 1, worker, busy: Promise.resolve(), seq: 0, waiting: new Map() };
    worker.on('message', (msg: { id: number; result?: Envelope<unknown>; error?: string }) => {
      const waiter = instance.waiting.get(msg.id);
      instance.waiting.delete(msg.id);
      if (msg.error !== undefined) waiter?.reject(new Error(`${fn} (instance ${instance.n}) failed: ${msg.error}`));
      else waiter?.resolve(msg.result as Envelope<unknown>);
    });
    worker.on('error', (err) => {
      for (const w of instance.waiting.values()) w.reject(err);
      instance.waiting.clear();
    });
    list.push(instance);
    this.instances.set(fn, list);
    return instance;
  }

  /** The warm instance of `fn` (started on first use). */
  private instanceOf(fn: string): Instance {
    const list = this.instances.get(fn);
    return list?.[list.length - 1] ?? this.startInstance(fn);
  }

  /**
   * Run `main(event, context)` on the warm instance of `fn` as `caller`, after the invocation it is
   * running, if any (CloudBase would start another instance instead of queueing).
   */
  async invoke(fn: string, event: Record<string, unknown>, caller: WxCaller = {}): Promise<Envelope<unknown>> {
    await this.build([fn]);
    const instance = this.instanceOf(fn);
    const wxEnv = wxEnvironment(caller);
    // The WX context in the instance's process.env (wxEnv); the SCF context without one (cloudbaseContext
    // puts it there instead: tests/integration/cloudbase-runtime.test.ts calls `main` with both).
    const context = scfContext(fn);
    const run = instance.busy.then(
      () =>
        new Promise<Envelope<unknown>>((resolve, reject) => {
          const id = ++instance.seq;
          instance.waiting.set(id, { resolve, reject });
          instance.worker.postMessage({ id, event, context, wxEnv });
        }),
    );
    instance.busy = run.catch(() => undefined);
    return run.then((result) => {
      this.calls.push({ fn, instance: instance.n, caller, event, result });
      return result;
    });
  }

  /** `wx.cloud.callFunction({ name, data })` from the mini-program of `caller`: the event is `data` plus the `userInfo` CloudBase adds. */
  callFunction(name: string, data: Record<string, unknown>, caller: WxCaller): Promise<Envelope<unknown>> {
    // Whether CloudBase overwrites a `userInfo` the client sent is not documented: assume it does
    // not (the worst case), so a forged one reaches the function.
    const event = { ...data, userInfo: data.userInfo ?? { openId: caller.openid, appId: caller.appId ?? DEMO_APPID } };
    return this.invoke(name, event, caller);
  }

  /** End every instance (their connections close with them). */
  async stop(): Promise<void> {
    const all = [...this.instances.values()].flat();
    this.instances.clear();
    await Promise.all(all.map((i) => i.worker.terminate()));
  }
}
