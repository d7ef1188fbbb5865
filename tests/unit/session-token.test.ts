import { issueToken, verifyToken } from '../../cloud/lib/session-token';

const secret = 'unit-test-secret-0123456789abcdef012345';
const sessionId = '6b08d8f8c1188d4bd239c4b6';
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

test.each(['', 'abc', 'v2.6b08d8f8c1188d4bd239c4b6.1.x', 'v1.nothex.1.x', 'v1.6b08d8f8c1188d4bd239c4b6.soon.x', 'v1.a.b.c.d'])(
  'When the token is malformed (%p), then it is rejected as malformed',
  (bad) => {
    expect(verifyToken(bad, secret, t0)).toEqual({ ok: false, reason: 'malformed' });
  },
);
