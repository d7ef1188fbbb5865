import { createHmac, randomBytes } from 'node:crypto';
import { PUBLISHED_SESSION_SECRET } from '../../cloud/lib/config';
import { issueToken, newSessionId, verifyToken } from '../../cloud/lib/session-token';

const secret = randomBytes(32).toString('hex');
const sessionId = '6b08d8f8c1188d4bd239c4b6a0d3e5f7';
const t0 = new Date('2026-11-27T00:00:00Z');
const exp = new Date('2026-12-04T00:00:00Z');

test('When a token is issued and checked before expiry, then its claims come back', () => {
  const token = issueToken({ sessionId, expiresAt: exp }, secret);
  expect(verifyToken(token, secret, t0)).toEqual({ ok: true, claims: { sessionId, expiresAt: exp } });
});

test('When the expiry time is reached, then the token is expired', () => {
  const token = issueToken({ sessionId, expiresAt: exp }, secret);
  expect(verifyToken(token, secret, exp)).toEqual({ ok: false, reason: 'expired' });
});

test('When any part is altered or the secret differs, then the signature check fails', () => {
  const token = issueToken({ sessionId, expiresAt: exp }, secret);
  const [v, id, ms, sig] = token.split('.');
  expect(verifyToken([v, id, String(Number(ms) + 1), sig].join('.'), secret, t0)).toEqual({ ok: false, reason: 'bad-signature' });
  expect(verifyToken([v, id.replace(/^6/, '7'), ms, sig].join('.'), secret, t0)).toEqual({ ok: false, reason: 'bad-signature' });
  expect(verifyToken(token, secret + 'x', t0)).toEqual({ ok: false, reason: 'bad-signature' });
});

test.each(['', 'abc', 'v2.6b08d8f8c1188d4bd239c4b6a0d3e5f7.1.x', 'v1.nothex.1.x', 'v1.6b08d8f8c1188d4bd239c4b6a0d3e5f7.soon.x', 'v1.a.b.c.d', 'v1.6B08D8F8C1188D4BD239C4B6A0D3E5F7.1.x'])(
  'When the token is malformed (%p), then it is rejected as malformed',
  (bad) => {
    expect(verifyToken(bad, secret, t0)).toEqual({ ok: false, reason: 'malformed' });
  },
);

test('When a token carries an ObjectId-format session id (the old format), then it is malformed, even correctly signed', () => {
  const old = '6b08d8f8c1188d4bd239c4b6';
  const payload = `v1.${old}.${exp.getTime()}`;
  const token = `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
  expect(verifyToken(token, secret, t0)).toEqual({ ok: false, reason: 'malformed' });
});

test('When a token is signed with the development secret earlier versions published, then the signature check fails', () => {
  const forged = issueToken({ sessionId, expiresAt: exp }, PUBLISHED_SESSION_SECRET);
  expect(verifyToken(forged, secret, t0)).toEqual({ ok: false, reason: 'bad-signature' });
});

test('When session ids are made, then each is 32 hex digits (128 bits) and they share nothing predictable', () => {
  const ids = Array.from({ length: 1000 }, () => newSessionId());
  for (const id of ids) expect(id).toMatch(/^[a-f0-9]{32}$/);
  expect(new Set(ids).size).toBe(ids.length);
  // Unlike ObjectIds (time + machine + counter), consecutive ids have no common prefix to speak of.
  const common = (a: string, b: string) => [...a].findIndex((ch, i) => ch !== b[i]);
  const longest = Math.max(...ids.slice(1).map((id, i) => common(ids[i], id)));
  expect(longest).toBeLessThan(8);
});
