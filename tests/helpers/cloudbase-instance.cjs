/**
 * One warm CloudBase instance of one cloud function (see tests/helpers/cloudbase.ts): a worker
 * thread whose process.env is the function's environment (as configured for the function), which
 * loads the built bundle once (the cold start) and then runs its `main(event, context)` once per
 * message, one invocation at a time, with the invocation's WX context in process.env
 * (WX_CONTEXT_KEYS + WX_OPENID, WX_APPID… — what wx-server-sdk's getWXContext reads) and, when
 * given, in the context. Plain CommonJS: worker threads get no TypeScript loader.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

// This thread's net module is its own: guard it too (tests talk to 127.0.0.1 only).
require(workerData.networkGuard);

const { main } = require(workerData.bundle);
const baseEnv = { ...process.env };

parentPort.on('message', async ({ id, event, context, wxEnv }) => {
  // The runtime sets the WX context of this invocation and nothing of the previous one.
  for (const key of Object.keys(process.env)) if (!(key in baseEnv)) delete process.env[key];
  Object.assign(process.env, wxEnv);
  try {
    const result = await main(event, context);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: err && err.stack ? String(err.stack) : String(err) });
  }
});
