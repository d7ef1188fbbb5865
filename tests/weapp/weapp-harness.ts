/**
 * Runs BUILT weapp pages (dist/weapp) in miniprogram-simulate, the way WeChat would:
 * the official wcc compiler renders the real WXML, taps go through Taro's event handler,
 * and `wx` is miniprogram-simulate's API with a few real or recording stand-ins:
 * - wx.request is a real HTTP request (Node http), allowed only to 127.0.0.1 / localhost;
 * - storage is an in-memory map you can read (`sim.storage`);
 * - navigation APIs (reLaunch, navigateTo, redirectTo, switchTab, navigateBack) are recorded
 *   in `sim.navigations` and succeed without leaving the page;
 * - wx.requestPayment is recorded in `sim.payments` and waits there: the test answers it as
 *   WeChat's cashier would (`succeed`, `cancel`, `fail`);
 * - wx.createSelectorQuery finds rendered elements by id; a `<canvas type="2d">` asked for its
 *   `node` gets a recording canvas (`sim.canvases`): `getContext('2d')` records every call and
 *   property set, so a test can see what a chart drew (its labels through `texts()`).
 *
 * The test environment is `node` (the real gateway and database run in-process and need
 * Node's fetch, timers and TextEncoder); a jsdom window supplies the DOM that
 * miniprogram-simulate and j-component render into.
 *
 * Point the built client at a gateway with `apiBase`: it is written to the storage key
 * `wuye.apiBase`, which client/src/services/cloud.ts prefers over the API_BASE baked in at build time.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import type { LoginResult } from '@shared/contracts';
import { startStack, type Stack } from '../helpers/stack';
import { isBuildFresh } from '../../scripts/paths';

export const ROOT = path.resolve(__dirname, '../..');
/** WEAPP_TEST_DIST puts the gateway build elsewhere (a helper testing beside others: never dist/ then). */
export const WEAPP_DIST = process.env.WEAPP_TEST_DIST ? path.resolve(process.env.WEAPP_TEST_DIST) : path.join(ROOT, 'dist/weapp');
/** The CloudBase build (TARO_APP_TRANSPORT=cloud: wx.cloud.callFunction), beside the gateway build. */
export const WEAPP_CLOUD_DIST = path.join(ROOT, 'dist/weapp-cloud');

/** A weapp build: where it goes and the build settings it is made with. */
export interface WeappBuild {
  dist: string;
  env: Record<string, string>;
}
const GATEWAY_BUILD: WeappBuild = { dist: WEAPP_DIST, env: { TARO_APP_TRANSPORT: 'gateway' } };
export const CLOUD_BUILD: WeappBuild = { dist: WEAPP_CLOUD_DIST, env: { TARO_APP_TRANSPORT: 'cloud' } };

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Run `taro build --type weapp` when the build (default dist/weapp) is missing or older than the
 * client sources. A lock directory per build keeps two jest workers from building it at the same time.
 */
export function ensureWeappBuild(build: WeappBuild = GATEWAY_BUILD): void {
  const weappBuildIsFresh = () => isBuildFresh(path.join(build.dist, 'app.js'), ROOT);
  if (weappBuildIsFresh()) return;
  const lock = path.join(path.dirname(build.dist), `.${path.basename(build.dist)}-build.lock`);
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const stale = existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000;
      if (stale) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another weapp build holds ${lock} for too long`);
      else sleepSync(500);
      if (weappBuildIsFresh()) return;
    }
  }
  try {
    if (weappBuildIsFresh()) return;
    const env: NodeJS.ProcessEnv = { ...process.env, ...build.env, CLIENT_OUTPUT_DIR: path.relative(ROOT, build.dist) };
    delete env.NODE_ENV; // jest sets 'test'; `taro build` then picks production
    execSync('npx taro build --type weapp', { cwd: ROOT, env, stdio: 'pipe', timeout: 300_000 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void };
type Fn = (...args: any[]) => any;

export interface Navigation {
  api: 'reLaunch' | 'navigateTo' | 'redirectTo' | 'switchTab' | 'navigateBack';
  url?: string;
}

export interface SimRequest {
  url: string;
  method: string;
  /** `action` of a cloud-function call (from the JSON body), if any. */
  action?: string;
  status: number | 'failed';
  body: unknown;
}

/** A node of the rendered tree (j-component), enough to find and tap things. */
export interface SimNode {
  dom?: HTMLElement;
  dispatchEvent(name: string, options?: unknown): void;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
}

export interface SimPage {
  root: SimNode & { attach(parent: unknown): void; detach(): void; instance: Record<string, any> };
  /** Visible text of the rendered page. */
  text(): string;
  /** Wait until the rendered text contains `needle` (data arrives over real HTTP). */
  waitForText(needle: string, timeoutMs?: number): Promise<void>;
  /** Every rendered element carrying this class (looked up in the rendered DOM). */
  findAll(className: string): HTMLElement[];
  /** Tap the first rendered element with this class whose text contains `withText`. */
  tap(className: string, withText?: string): Promise<void>;
  /** Type into the first <input> with this class (an `input` event with `detail.value`, as WeChat sends it). */
  type(className: string, value: string): Promise<void>;
  /** Flip the first <switch> with this class (a `change` event with `detail.value`). */
  toggle(className: string, value: boolean): Promise<void>;
  unload(): void;
}

/** One wx.requestPayment call, waiting for the test to answer it (the person in WeChat's cashier). */
export interface PaymentCall {
  /** What the page passed (the callbacks left out). */
  params: Record<string, unknown>;
  /** Paid: `success` with `requestPayment:ok`. */
  succeed(): void;
  /** The person closed the cashier: `fail` with `requestPayment:fail cancel`. */
  cancel(): void;
  fail(errMsg: string): void;
}

/** One call on a recording canvas' 2d context (a property set is recorded as `set:<name>`). */
export interface CanvasCall {
  name: string;
  args: unknown[];
}

/** A `<canvas type="2d">` node handed to the page through createSelectorQuery, with what was drawn on it. */
export interface RecordedCanvas {
  id: string;
  /** The box the query reported (CSS px: jsdom has no layout, so the style's height or 200, a 343-px width). */
  size: { width: number; height: number };
  calls: CanvasCall[];
  /** Every text drawn (fillText/strokeText), in order. */
  texts(): string[];
}

export interface WeappSim {
  storage: Map<string, unknown>;
  /** Recording canvases by canvas id (the last node handed out for that id). */
  canvases: Map<string, RecordedCanvas>;
  navigations: Navigation[];
  /** Every wx.requestPayment call, in order. */
  payments: PaymentCall[];
  requests: SimRequest[];
  /** Load a page of the built app (e.g. 'pages/login/index'), render it and run onLoad/onShow. */
  openPage(pagePath: string, query?: Record<string, string>): Promise<SimPage>;
  /** Wait until `predicate()` is true. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Wait until no wx.request is in flight (call between tests so late answers don't leak). */
  settle(timeoutMs?: number): Promise<void>;
}

const CLASS_PREFIXES = ['', 'main', 'comp', 'custom-wrapper'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until the rendered pages are still: React commits in a microtask, Taro sends the result to
 * the page with setData from a timer, effects may start another round. So turn the event loop
 * (timers, then immediates) until a whole turn leaves the DOM unchanged. Needed after a tap or an
 * input: a tap on a button before that would run the handler of the previous render.
 */
async function untilStill(changes: MutationObserver, maxTurns = 100): Promise<void> {
  changes.takeRecords();
  for (let turn = 0; turn < maxTurns; turn++) {
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    if (changes.takeRecords().length === 0) return;
  }
  throw new Error(`the rendered page kept changing for ${maxTurns} event-loop turns`);
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function later(cb: (() => void) | undefined): void {
  if (cb) setTimeout(cb, 0);
}

/** wx.request over real HTTP, local addresses only. */
function makeRequest(log: SimRequest[], inFlight: { count: number }) {
  return (options: Callbacks & { url: string; method?: string; data?: unknown; header?: Record<string, string>; timeout?: number; dataType?: string }) => {
    const method = (options.method ?? 'GET').toUpperCase();
    const done = (ok: boolean, res: Record<string, unknown>) => {
      if (ok) options.success?.(res);
      else options.fail?.(res);
      options.complete?.(res);
    };
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      later(() => done(false, { errMsg: `request:fail invalid url "${options.url}"` }));
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    }
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      log.push({ url: options.url, method, status: 'failed', body: undefined });
      later(() => done(false, { errMsg: `request:fail only 127.0.0.1 is allowed in tests (${options.url})` }));
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    }
    const body = options.data === undefined ? undefined : typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
    const action = (options.data as { action?: unknown } | undefined)?.action;
    const entry = (status: SimRequest['status'], data: unknown): SimRequest => ({
      url: options.url,
      method,
      ...(typeof action === 'string' ? { action } : {}),
      status,
      body: data,
    });
    inFlight.count += 1;
    let finished = false;
    const finish = () => {
      if (!finished) inFlight.count -= 1;
      finished = true;
    };
    const headers: Record<string, string> = { ...(options.header ?? {}) };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        if (options.dataType !== 'text') {
          try {
            data = JSON.parse(text);
          } catch {
            /* leave as text, as WeChat does */
          }
        }
        log.push(entry(res.statusCode ?? 0, data));
        finish();
        done(true, { data, statusCode: res.statusCode, header: res.headers, cookies: [], errMsg: 'request:ok' });
      });
    });
    req.setTimeout(options.timeout ?? 60_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      log.push(entry('failed', undefined));
      finish();
      done(false, { errMsg: `request:fail ${e.message}` });
    });
    req.end(body);
    return { abort: () => req.destroy(), onHeadersReceived() {}, offHeadersReceived() {} };
  };
}

/**
 * Install the DOM, `wx`, App/Page/getApp, and the built app.js. Call once per test file.
 * `cloud` becomes `wx.cloud` (what a CloudBase build calls instead of wx.request).
 */
export function setupWeapp(opts: { apiBase: string; distDir?: string; cloud?: Record<string, unknown> }): WeappSim {
  const distDir = opts.distDir ?? WEAPP_DIST;
  const g = globalThis as Record<string, any>;
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', { pretendToBeVisual: true });
  const win = dom.window as unknown as Record<string, any>;
  for (const name of ['window', 'document', 'Event', 'CustomEvent', 'TouchEvent', 'Touch', 'Element', 'HTMLElement', 'Node', 'requestAnimationFrame', 'cancelAnimationFrame']) {
    if (name === 'window') g.window = win;
    else if (win[name] !== undefined) g[name] = win[name];
  }

  const changes = new win.MutationObserver(() => undefined) as MutationObserver;
  changes.observe(win.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const still = () => untilStill(changes);

  const storage = new Map<string, unknown>();
  const canvases = new Map<string, RecordedCanvas>();
  const navigations: Navigation[] = [];
  const payments: PaymentCall[] = [];
  const requests: SimRequest[] = [];
  const inFlight = { count: 0 };
  const copy = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

  const navigate = (api: Navigation['api']) => (options: Callbacks & { url?: string } = {}) => {
    navigations.push({ api, url: options.url });
    const res = { errMsg: `${api}:ok` };
    later(() => {
      options.success?.(res);
      options.complete?.(res);
    });
  };

  const overrides: Record<string, unknown> = {
    request: makeRequest(requests, inFlight),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, copy(value)),
    getStorageSync: (key: string) => (storage.has(key) ? copy(storage.get(key)) : ''),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    reLaunch: navigate('reLaunch'),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    // As WeChat: the callbacks, or — given none — a promise (base library 2.10.2+).
    requestPayment: (options: Callbacks & Record<string, unknown>) => {
      const { success, fail, complete, ...params } = options;
      let settle: ((ok: boolean, res: { errMsg: string }) => void) | undefined;
      const promise = success || fail || complete ? undefined : new Promise((resolve, reject) => (settle = (ok, res) => (ok ? resolve(res) : reject(res))));
      let answered = false;
      const answer = (ok: boolean, errMsg: string) => {
        if (answered) throw new Error('this requestPayment was answered already');
        answered = true;
        later(() => {
          const res = { errMsg };
          if (ok) success?.(res);
          else fail?.(res);
          complete?.(res);
          settle?.(ok, res);
        });
      };
      payments.push({
        params: copy(params),
        succeed: () => answer(true, 'requestPayment:ok'),
        cancel: () => answer(false, 'requestPayment:fail cancel'),
        fail: (errMsg) => answer(false, errMsg),
      });
      return promise;
    },
    createSelectorQuery: () => selectorQuery(win.document as unknown as Document, canvases),
    ...(opts.cloud ? { cloud: opts.cloud } : {}),
  };
  // miniprogram-simulate merges a pre-existing global wx over its own API mocks.
  g.wx = overrides;

  let appInstance: Record<string, Fn> | undefined;
  const pages: unknown[] = [];
  g.App = (options: Record<string, Fn>) => {
    appInstance = options;
  };
  g.getApp = () => appInstance;
  g.getCurrentPages = () => pages;
  g.requirePlugin = () => ({});

  const simulate = require('miniprogram-simulate') as {
    load(p: string, o: { compiler: string; rootPath: string }): string;
    render(id: string): SimPage['root'];
  };
  // Taro registers pages with Page(); miniprogram-simulate only knows Component().
  g.Page = (options: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v;
    g.Component({ data: options.data ?? {}, options: options.options, methods });
  };

  storage.set('wuye.apiBase', opts.apiBase);

  require(path.join(distDir, 'app.js'));
  if (!appInstance) throw new Error('app.js did not call App()');
  const launch = { path: 'pages/index/index', query: {}, scene: 1001 };
  appInstance.onLaunch?.call(appInstance, launch);
  appInstance.onShow?.call(appInstance, launch);

  async function openPage(pagePath: string, query: Record<string, string> = {}): Promise<SimPage> {
    const id = simulate.load(path.join(distDir, pagePath), { compiler: 'official', rootPath: distDir });
    const root = simulate.render(id);
    const parent = win.document.createElement('parent-wrapper');
    win.document.body.appendChild(parent);
    root.attach(parent);
    const inst = root.instance;
    inst.route = pagePath;
    inst.__route__ = pagePath;
    inst.options = query;
    pages.push(inst);
    inst.onLoad.call(inst, query);
    inst.onShow.call(inst);
    inst.onReady?.call(inst);

    const text = () => (root.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
    // miniprogram-simulate prefixes classes with the component's tag (main--x, comp--x).
    const classes = (className: string) => CLASS_PREFIXES.map((p) => (p ? `${p}--${className}` : className));
    const findAll = (className: string) =>
      Array.from(root.dom?.querySelectorAll(classes(className).map((c) => `.${c}`).join(',')) ?? []) as HTMLElement[];
    return {
      root,
      text,
      findAll,
      waitForText: (needle, timeoutMs) => waitFor(() => text().includes(needle), `"${needle}" on ${pagePath} (text now: ${text().slice(0, 300)})`, timeoutMs),
      async tap(className, withText) {
        const hit = findAll(className).find((el) => !withText || (el.textContent ?? '').includes(withText));
        if (!hit) throw new Error(`no .${className}${withText ? ` containing "${withText}"` : ''} on ${pagePath}`);
        tapElement(hit);
        await still();
      },
      async type(className, value) {
        const hit = findAll(className)[0];
        if (!hit) throw new Error(`no .${className} on ${pagePath}`);
        fireEvent(hit, 'input', { value, cursor: value.length, keyCode: 0 });
        await still();
      },
      async toggle(className, value) {
        const hit = findAll(className)[0];
        if (!hit) throw new Error(`no .${className} on ${pagePath}`);
        fireEvent(hit, 'change', { value });
        await still();
      },
      unload() {
        inst.onUnload?.call(inst);
        root.detach();
        parent.remove();
        pages.splice(pages.indexOf(inst), 1);
      },
    };
  }

  const settle = async (timeoutMs = 10_000) => {
    await waitFor(() => inFlight.count === 0, 'requests in flight to finish', timeoutMs);
    await still(); // the answers' callbacks and the renders they cause
  };

  return { storage, canvases, navigations, payments, requests, openPage, waitFor, settle };
}

/** The methods of a 2d context a chart library calls; each is recorded (measureText answers a width from the font size). */
const CONTEXT_METHODS = [
  'arc', 'arcTo', 'beginPath', 'bezierCurveTo', 'clearRect', 'clip', 'closePath', 'createLinearGradient', 'createRadialGradient', 'drawImage', 'ellipse',
  'fill', 'fillRect', 'fillText', 'lineTo', 'measureText', 'moveTo', 'quadraticCurveTo', 'rect', 'resetTransform', 'restore', 'rotate', 'save', 'scale',
  'setLineDash', 'setTransform', 'stroke', 'strokeRect', 'strokeText', 'transform', 'translate',
];

/** A recording 2d context: calls and property sets go into `calls`; set functions (a library's polyfills) are kept and run. */
function recordingContext(calls: CanvasCall[]): CanvasRenderingContext2D {
  const props: Record<string, unknown> = { font: '10px sans-serif', lineWidth: 1, fillStyle: '#000000', strokeStyle: '#000000', textAlign: 'start', textBaseline: 'alphabetic', globalAlpha: 1 };
  const methods: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of CONTEXT_METHODS) {
    methods[name] = (...args: unknown[]) => {
      calls.push({ name, args });
      if (name === 'measureText') {
        const px = Number(/(\d+(?:\.\d+)?)px/.exec(String(props.font))?.[1] ?? 10);
        return { width: [...String(args[0] ?? '')].reduce((w, ch) => w + (/[\u0100-\uffff]/.test(ch) ? px : px * 0.6), 0) };
      }
      if (name === 'createLinearGradient' || name === 'createRadialGradient') return { addColorStop: () => undefined };
      return undefined;
    };
  }
  return new Proxy({} as CanvasRenderingContext2D, {
    get: (_t, key: string) => (key in props ? props[key] : methods[key]),
    set: (_t, key: string, value: unknown) => {
      props[key] = value;
      if (typeof value !== 'function') calls.push({ name: `set:${key}`, args: [value] });
      return true;
    },
    has: (_t, key: string) => key in props || key in methods,
  });
}

/** The element rendered for `#id` (j-component keeps the id on the element or on its exparser node). */
function elementById(doc: Document, id: string): Element | undefined {
  const direct = doc.querySelector(`[id="${id.replace(/"/g, '\\"')}"]`);
  if (direct) return direct;
  return Array.from(doc.querySelectorAll('*')).find((el) => (el as unknown as { __wxElement?: { id?: string } }).__wxElement?.id === id);
}

/** wx.createSelectorQuery over the rendered DOM: `select('#id').fields({ node, size })` / `.boundingClientRect()`, then `exec`. */
function selectorQuery(doc: Document, canvases: Map<string, RecordedCanvas>) {
  const asked: { selector: string; fields: { node?: boolean; size?: boolean; rect?: boolean; id?: boolean }; cb?: (r: unknown) => void }[] = [];
  const answer = (a: (typeof asked)[number]): unknown => {
    const id = a.selector.startsWith('#') ? a.selector.slice(1) : '';
    const el = id ? elementById(doc, id) : doc.querySelector(a.selector);
    if (!el) return null;
    const style = (el.getAttribute('style') ?? '') + ';' + ((el as HTMLElement).style?.cssText ?? '');
    const height = Number(/height:\s*(\d+(?:\.\d+)?)px/.exec(style)?.[1] ?? 200);
    const size = { width: 343, height };
    const out: Record<string, unknown> = { id };
    if (a.fields.size || a.fields.rect) Object.assign(out, size, a.fields.rect ? { left: 16, top: 0, right: 359, bottom: height } : {});
    if (a.fields.node && el.tagName.toLowerCase().includes('canvas')) {
      const calls: CanvasCall[] = [];
      const ctx = recordingContext(calls);
      const canvas: RecordedCanvas = { id, size, calls, texts: () => calls.filter((c) => c.name === 'fillText' || c.name === 'strokeText').map((c) => String(c.args[0])) };
      canvases.set(id, canvas);
      out.node = { width: size.width, height: size.height, getContext: (kind: string) => (kind === '2d' ? ctx : null), createImage: () => ({}), requestAnimationFrame: (f: () => void) => setTimeout(f, 16) };
    }
    return out;
  };
  const query = {
    in: () => query,
    select(selector: string) {
      const item: (typeof asked)[number] = { selector, fields: {} };
      asked.push(item);
      return {
        fields(fields: (typeof asked)[number]['fields'], cb?: (r: unknown) => void) {
          Object.assign(item, { fields, cb });
          return query;
        },
        boundingClientRect(cb?: (r: unknown) => void) {
          Object.assign(item, { fields: { rect: true, size: true }, cb });
          return query;
        },
        node(cb?: (r: unknown) => void) {
          Object.assign(item, { fields: { node: true }, cb });
          return query;
        },
      };
    },
    exec(cb?: (res: unknown[]) => void) {
      const res = asked.map(answer);
      later(() => {
        asked.forEach((a, i) => a.cb?.(res[i]));
        cb?.(res);
      });
      return query;
    },
  };
  return query;
}

/**
 * Dispatch a `tap` on the rendered element exactly as j-component's `dispatchEvent` does:
 * a DOM CustomEvent, then the exparser event on the node's `__wxElement`, which bubbles
 * to Taro's `bindtap="eh"` handler.
 */
function tapElement(el: HTMLElement): void {
  fireEvent(el, 'tap', {}, { touches: {}, changedTouches: {} });
}

/** An exparser event on the rendered element's node (tap, input, change…), bubbling to Taro's handler. */
function fireEvent(el: HTMLElement, name: string, detail: Record<string, unknown>, extraFields: Record<string, unknown> = {}): void {
  const node = (el as unknown as { __wxElement?: unknown }).__wxElement;
  if (!node) throw new Error(`<${el.tagName.toLowerCase()} class="${el.className}"> has no exparser node for "${name}"`);
  const exparser = require('miniprogram-exparser') as {
    Event: { dispatchEvent(target: unknown, ev: unknown): void; create(name: string, detail: unknown, opts: unknown): unknown };
  };
  const CustomEventCtor = (globalThis as unknown as { CustomEvent: typeof CustomEvent }).CustomEvent;
  const originalEvent = new CustomEventCtor(name, { bubbles: true });
  el.dispatchEvent(originalEvent);
  exparser.Event.dispatchEvent(node, exparser.Event.create(name, detail, { originalEvent, bubbles: true, capturePhase: true, composed: true, extraFields }));
}

/**
 * A weapp test file's setup: the built app, the real system with demo data, and the simulator,
 * made in beforeAll and stopped in afterAll. Read `suite.stack` and `suite.sim` inside tests.
 */
export interface WeappSuite {
  readonly stack: Stack;
  readonly sim: WeappSim;
  /** Log in through auth.login and store the session the way the login page does. */
  loginAs(code: string): Promise<LoginResult>;
}

/** `fakePay`: the system also runs the demo's fake WeChat Pay (`suite.stack.pay`), so WeChat Pay is on. */
export function weappSuite(opts: { fakePay?: boolean } = {}): WeappSuite {
  const suite = {
    async loginAs(code: string): Promise<LoginResult> {
      const res = await suite.stack.invoke('auth', 'login', { code });
      if (!res.ok) throw new Error(`login ${code} failed: ${res.error.code}`);
      suite.sim.storage.set('wuye.session', { token: res.data.token, expiresAt: res.data.expiresAt, me: res.data.me });
      return res.data;
    },
  } as { stack: Stack; sim: WeappSim; loginAs(code: string): Promise<LoginResult> };
  beforeAll(async () => {
    ensureWeappBuild();
    suite.stack = await startStack({ seedDemo: true, fakePay: opts.fakePay });
    suite.sim = setupWeapp({ apiBase: suite.stack.baseUrl });
  }, 300_000);
  afterAll(async () => {
    await suite.stack?.stop();
  });
  return suite;
}
