import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../scripts/db';

/**
 * What a newcomer does: `npm start`, open the printed URL in a browser, log in as the demo owner,
 * see the owner home; Ctrl-C stops everything and the data is kept for the next start.
 * Real gateway, real FerretDB, the real H5 build, Debian's Chromium.
 */
const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(__dirname, '__screenshots__');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-data-'));
let browser: Browser;

interface Started {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** Run `npm start` in its own process group (as a terminal would) and wait for its URL line. */
async function npmStart(port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  delete env.MONGODB_URI;
  delete env.SESSION_SECRET;
  const proc = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /物业客服平台已启动：(http:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 100);
    proc.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited early (${code}):\n${out}`));
    });
  });
  return { proc, url, output: () => out };
}

/**
 * Ctrl-C: SIGINT to the whole process group, as a terminal sends it. npm itself then ends by
 * that signal; what matters is that our script stopped cleanly and left no FerretDB behind.
 */
async function ctrlC(s: Started): Promise<void> {
  await new Promise<void>((resolve) => {
    s.proc.once('exit', (code, signal) => {
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      resolve();
    });
    process.kill(-(s.proc.pid as number), 'SIGINT');
  });
  expect(s.output()).toContain('已停止');
  expect(s.output()).not.toMatch(/"level":"error"/);
  await new Promise((r) => setTimeout(r, 300));
  const left = spawnSync('pgrep', ['-f', `state-dir=${dataDir}`], { encoding: 'utf8' }).stdout.trim();
  expect(left).toBe('');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('When a newcomer runs npm start and logs in as the demo owner, then the owner home shows their unit; Ctrl-C stops cleanly and data is kept', async () => {
  const first = await npmStart(await freePort());
  let stopped = false;
  try {
    expect(first.output()).toContain('已初始化演示小区：3 栋楼、60 套房屋');
    expect(first.output()).toContain('demo-owner');

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(r.url())) offsite.push(r.url());
    });
    try {
      await page.goto(`${first.url}/`);
      await page.locator('.demo-account', { hasText: '张伟' }).click({ timeout: 30_000 });

      await expect(page.getByText('业主首页').filter({ visible: true }).first()).toBeVisibleWithin(30_000);
      await expect(page.getByText('1栋1单元1502').filter({ visible: true }).first()).toBeVisibleWithin(10_000);
      await expect(page.getByText('幸福里小区').filter({ visible: true }).first()).toBeVisibleWithin(10_000);
      await expect(page.getByText('浙A·D1502').filter({ visible: true }).first()).toBeVisibleWithin(10_000);
      await expect(page.getByText('139****2502').filter({ visible: true }).first()).toBeVisibleWithin(10_000);
      await page.waitForTimeout(600); // let the router's slide-in animation finish before the picture
      await page.screenshot({ path: path.join(SHOTS, 'owner-home.png'), fullPage: true });
    } catch (err) {
      await page.screenshot({ path: path.join(SHOTS, 'owner-home.failure.png'), fullPage: true });
      throw err;
    }
    expect(offsite).toEqual([]);
    await page.close();

    // The agent finds a household in the directory by a family member's name.
    const agentContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const agentPage = await agentContext.newPage();
    try {
      await agentPage.goto(`${first.url}/`);
      await agentPage.locator('.demo-account', { hasText: '王芳' }).click({ timeout: 30_000 });
      await expect(agentPage.getByText('客服工作台').filter({ visible: true }).first()).toBeVisibleWithin(30_000);
      await agentPage.locator('.units__search-input input').fill('王丽');
      await agentPage.locator('.units__search-btn').click();
      await expect(agentPage.getByText('房屋与业主（共 1 户）').filter({ visible: true }).first()).toBeVisibleWithin(15_000);
      await expect(agentPage.locator('.unit-row', { hasText: '1栋1单元1502' })).toBeVisibleWithin(5_000);
      await agentPage.screenshot({ path: path.join(SHOTS, 'agent-search.png'), fullPage: true });
    } catch (err) {
      await agentPage.screenshot({ path: path.join(SHOTS, 'agent-search.failure.png'), fullPage: true });
      throw err;
    } finally {
      await agentContext.close();
    }

    await ctrlC(first);
    stopped = true;
  } finally {
    if (!stopped) process.kill(-(first.proc.pid as number), 'SIGKILL');
  }

  // Second start: same data directory, no second seeding, the owner's data still there.
  const second = await npmStart(await freePort());
  try {
    expect(second.output()).not.toContain('已初始化演示小区');
    const res = await fetch(`${second.url}/fn/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'login', data: { code: 'demo-owner' } }),
    });
    expect(await res.json()).toMatchObject({ ok: true, data: { me: { name: '张伟' } } });
    await ctrlC(second);
  } catch (err) {
    process.kill(-(second.proc.pid as number), 'SIGKILL');
    throw err;
  }
}, 300_000);

// A small visibility matcher on top of playwright-core (which ships no test runner).
expect.extend({
  async toBeVisibleWithin(locator: import('playwright-core').Locator, timeout: number) {
    try {
      await locator.waitFor({ state: 'visible', timeout });
      return { pass: true, message: () => 'visible' };
    } catch {
      return { pass: false, message: () => `not visible within ${timeout} ms: ${locator.toString()}` };
    }
  },
});

declare global {
  namespace jest {
    interface Matchers<R> {
      toBeVisibleWithin(timeout: number): Promise<R>;
    }
  }
}
