import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { action, empty } from '@shared/contracts/contract';
import { AppError } from '../../cloud/lib/app-error';
import { closeServer, createGateway, listen } from '../../cloud/gateway/server';
import { defineFunction } from '../../cloud/runtime';
import { resetConfig } from '../../cloud/lib/config';
import { startStack, type Stack } from '../helpers/stack';

/** The request pipeline (defineFunction) and the gateway map every error to a stable code and HTTP status, in one place. */
const probeContract = {
  conflict: action<never>()(empty, 'public'),
  limited: action<never>()(empty, 'public'),
  boom: action<never>()(empty, 'public'),
  echo: action<{ n: number }>()(z.object({ n: z.number().int() }).strict(), 'public'),
};
const probe = defineFunction('probe', probeContract, {
  conflict: () => {
    throw new AppError('STATE.CONFLICT');
  },
  limited: () => {
    throw new AppError('RATE.LIMITED');
  },
  boom: () => {
    throw new Error('secret internals: mongodb://admin:hunter2@db');
  },
  echo: ({ n }) => ({ n }),
});

let stack: Stack;
let gateway: ReturnType<typeof createGateway>;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  gateway = createGateway({ functions: { probe }, bodyLimitBytes: 4096 });
  await listen(gateway, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(gateway);
  await stack.stop();
});

async function call(actionName: string, data?: unknown) {
  const res = await fetch(`${base}/fn/probe`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-mapping-0001' }, body: JSON.stringify({ action: actionName, data }) });
  return { status: res.status, body: await res.json() };
}

test('When a service reports a conflict, then 409 STATE.CONFLICT', async () => {
  expect(await call('conflict')).toEqual({ status: 409, body: { ok: false, error: { code: 'STATE.CONFLICT', message: '数据已被他人更新，请刷新后重试', requestId: 'req-mapping-0001' } } });
});

test('When a service rate-limits, then 429 RATE.LIMITED', async () => {
  expect(await call('limited')).toMatchObject({ status: 429, body: { error: { code: 'RATE.LIMITED' } } });
});

test('When a handler fails unexpectedly, then 500 INTERNAL without internals, and the log has the request id and the cause', async () => {
  process.env.LOG_LEVEL = 'error';
  resetConfig();
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const res = await call('boom');
    expect(res).toEqual({ status: 500, body: { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试', requestId: 'req-mapping-0001' } } });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  } finally {
    spy.mockRestore();
    process.env.LOG_LEVEL = 'silent';
    resetConfig();
  }
  const logged = lines.map((l) => JSON.parse(l) as Record<string, string>).find((l) => l.msg === 'unexpected error');
  expect(logged).toMatchObject({ level: 'error', fn: 'probe', action: 'boom', requestId: 'req-mapping-0001' });
  expect(logged?.err).toContain('secret internals');
});

test('When input is valid, then 200 with the data; when not, 400 with the field path', async () => {
  expect(await call('echo', { n: 3 })).toEqual({ status: 200, body: { ok: true, data: { n: 3 } } });
  expect(await call('echo', { n: 1.5 })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', details: { issues: [{ path: 'n' }] } } } });
});
