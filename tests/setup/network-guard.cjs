/**
 * Tests talk to 127.0.0.1 only. Loaded by every jest tier (setupFiles) and, through NODE_OPTIONS,
 * by every Node process a test starts (`npm start`, workers, builds): a connection to anything but
 * loopback throws at once, naming the destination — never a slow timeout, never a real request.
 *
 * One hook covers every client: `net.Socket.prototype.connect` sits under `net.connect`,
 * `tls.connect`, `http(s).request` and undici (Node's `fetch`). `fetch` is also wrapped so that
 * it rejects with this error itself rather than undici's "fetch failed". Unix sockets are allowed.
 * Plain CommonJS so that `node --require` can load it without a TypeScript loader.
 */
'use strict';
const net = require('node:net');
const path = require('node:path');

const PATCHED = Symbol.for('wuye.networkGuard');
const CODE = 'ERR_TEST_NETWORK_BLOCKED';

function isLoopback(host) {
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

function blocked(destination) {
  const err = new Error(`Network access outside 127.0.0.1 is blocked in tests: tried to reach ${destination} (tests/setup/network-guard.cjs)`);
  err.code = CODE;
  return err;
}

/** host:port (or null for a Unix socket) from any of net's connect signatures. */
function destinationOf(args) {
  let a = args;
  if (Array.isArray(a[0])) a = a[0]; // net.connect() passes its normalized arguments as one array
  const first = a[0];
  if (first !== null && typeof first === 'object') {
    if (first.path) return null;
    return { host: first.host || 'localhost', port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a Unix socket path
  return { host: typeof a[1] === 'string' ? a[1] : 'localhost', port: first };
}

const proto = net.Socket.prototype;
if (!proto[PATCHED]) {
  const connect = proto.connect;
  proto.connect = function guardedConnect(...args) {
    const dest = destinationOf(args);
    if (dest && !isLoopback(dest.host)) throw blocked(`${dest.host}:${dest.port}`);
    return connect.apply(this, args);
  };
  proto[PATCHED] = true;
}

// `fetch` of this realm (jest gives every test file its own global).
if (typeof globalThis.fetch === 'function' && !globalThis.fetch[PATCHED]) {
  const realFetch = globalThis.fetch;
  const guardedFetch = function fetch(input, init) {
    const href = typeof input === 'string' ? input : input && (input.href || input.url);
    let url;
    try {
      url = new URL(href);
    } catch {
      return realFetch(input, init); // let fetch report the bad URL itself
    }
    if (/^(https?|wss?):$/.test(url.protocol) && !isLoopback(url.hostname)) return Promise.reject(blocked(url.href));
    return realFetch(input, init);
  };
  guardedFetch[PATCHED] = true;
  globalThis.fetch = guardedFetch;
}

// Node processes started by a test inherit the guard.
const self = path.resolve(__filename);
const preload = `--require "${self}"`;
if (!(process.env.NODE_OPTIONS || '').includes(self)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : ''}${preload}`;
}

module.exports = { isLoopback, NETWORK_BLOCKED: CODE };
