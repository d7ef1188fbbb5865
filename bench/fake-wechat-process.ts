/**
 * The fake WeChat server in its own process, for benchmarks: like wrk against a server, its work is
 * not charged to the process under test. The bench forks its own bundled file with `--fake-wechat`;
 * `runFakeWechatChild()` (called at the top of the bench) serves in that child and answers over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { getConfig } from '../cloud/lib/config';
import { startFakeWechat } from '../cloud/lib/wechat/fake-server';
import { oaTemplateSchemas, subscribeTemplateSchemas } from '../cloud/lib/wechat/templates';
import { demoCodeMap, DEMO_NEW_USER_PREFIX } from '../cloud/modules/identity/demo-accounts';

/** What benches check on the fake: messages accepted per recipient prefix. */
export interface FakeStats {
  bench: number;
  benchDistinct: number;
  http: number;
}

export interface ForkedFake {
  baseUrl: string;
  stats(): Promise<FakeStats>;
  /** A wx.login code for an openid (as WeChat would give the mini-program). */
  mintCode(openid: string): Promise<string>;
  close(): Promise<void>;
}

export function statsOf(messages: { touser: string }[]): FakeStats {
  const bench = messages.filter((m) => m.touser.startsWith('o_bench_') && m.touser !== 'o_bench_manager');
  return { bench: bench.length, benchDistinct: new Set(bench.map((m) => m.touser)).size, http: messages.filter((m) => m.touser.startsWith('o_http_')).length };
}

export function startConfiguredFake() {
  const { appId, secret, oa } = getConfig().wechat;
  return startFakeWechat({ appId, secret, oaAppId: oa.appId, oaSecret: oa.secret, demoCodes: demoCodeMap(), newUserCodePrefix: DEMO_NEW_USER_PREFIX, subscribeTemplates: subscribeTemplateSchemas(), oaTemplates: oaTemplateSchemas() });
}

/** In the forked child: serve until told to close. Returns false when this is not the child. */
export function runFakeWechatChild(): boolean {
  if (process.argv[2] !== '--fake-wechat') return false;
  void (async () => {
    const fake = await startConfiguredFake();
    process.on('message', (m: { cmd: string; openid?: string }) => {
      if (m.cmd === 'stats') process.send!({ stats: statsOf(fake.messages()) });
      if (m.cmd === 'mint') process.send!({ code: fake.mintCode(m.openid ?? '') });
      if (m.cmd === 'close') void fake.close().then(() => process.exit(0));
    });
    process.send!({ baseUrl: fake.baseUrl });
  })();
  return true;
}

/** Fork `file` (the running bench's own bundle) as the fake WeChat server. */
export async function forkFakeWechat(file: string): Promise<ForkedFake> {
  const child: ChildProcess = fork(file, ['--fake-wechat'], { stdio: 'inherit' });
  const ask = <T>(msg: Record<string, unknown> | null, key: string) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off('message', on);
          resolve(m[key] as T);
        }
      };
      child.on('message', on);
      child.once('exit', (code) => reject(new Error(`fake WeChat exited with ${code}`)));
      if (msg) child.send(msg);
    });
  const baseUrl = await ask<string>(null, 'baseUrl');
  return {
    baseUrl,
    stats: () => ask<FakeStats>({ cmd: 'stats' }, 'stats'),
    mintCode: (openid) => ask<string>({ cmd: 'mint', openid }, 'code'),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'close' });
      await exited;
    },
  };
}
