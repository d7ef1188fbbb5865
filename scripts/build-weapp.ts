/**
 * `npm run build:weapp [-- <taro options>]`: the mini-program, built from the configuration
 * (environment over WUYE_CONFIG, cloud/lib/config.ts):
 * 1. writes `project.config.json`'s `appid` (WECHAT_APPID; `touristappid` while it is not
 *    configured, as in the demo) — only when it changes, so a client build stays fresh;
 * 2. runs `taro build --type weapp` with TARO_APP_TRANSPORT, TARO_APP_API_BASE and the CloudBase
 *    environment of `Taro.cloud.init` (TARO_APP_CLOUD_ENV ← CLOUDBASE_ENV) from the same configuration.
 * `--project-only` stops after step 1. A bad or (in production) missing setting stops before
 * anything is written, naming it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseClientBuildConfig, type ClientBuildConfig } from '../cloud/lib/config';

const ROOT = path.resolve(__dirname, '..');
export const PROJECT_CONFIG = path.join(ROOT, 'project.config.json');

/** Set `appid` in a project.config.json, keeping everything else; true when the file changed. */
export function writeProjectConfig(file: string, appId: string): boolean {
  const before = readFileSync(file, 'utf8');
  const project = JSON.parse(before) as Record<string, unknown>;
  const after = JSON.stringify({ ...project, appid: appId }, null, 2) + '\n';
  if (after === before) return false;
  writeFileSync(file, after);
  return true;
}

/** The environment `taro build` gets: the configured client settings over the caller's. */
export function taroEnv(c: ClientBuildConfig, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    TARO_APP_TRANSPORT: c.transport,
    ...(c.apiBase ? { TARO_APP_API_BASE: c.apiBase } : {}),
    // CLOUDBASE_ENV when configured; otherwise whatever the caller gave taro directly.
    ...(c.cloudEnv ? { TARO_APP_CLOUD_ENV: c.cloudEnv } : {}),
  };
}

function main(): void {
  let config: ClientBuildConfig;
  try {
    config = parseClientBuildConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const changed = writeProjectConfig(PROJECT_CONFIG, config.appId);
  console.log(`project.config.json：appid ${config.appId}${changed ? '（已更新）' : ''}`);
  const args = process.argv.slice(2);
  if (args.includes('--project-only')) return;
  console.log(`小程序调用方式：${config.transport === 'cloud' ? `云开发（环境 ${config.cloudEnv || '开发者工具当前环境'}）` : `网关 ${config.apiBase ?? 'http://127.0.0.1:3000（默认，本机）'}`}`);
  const res = spawnSync('npx', ['taro', 'build', '--type', 'weapp', ...args], { cwd: ROOT, stdio: 'inherit', env: taroEnv(config) });
  process.exit(res.status ?? 1);
}

if (require.main === module) main();
