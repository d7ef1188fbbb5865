import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session tokens: `v1.<sessionId>.<expiresAtMs>.<hmac>`, HMAC-SHA256 with the session secret.
 * The signature is checked before any database read, so forged tokens cost nothing.
 * Session ids are 128 random bits (32 hex digits): knowing one's own id tells nothing about anyone
 * else's (ObjectIds, used before, are a timestamp and a counter; tokens with them no longer parse).
 */
const SESSION_ID = /^[a-f0-9]{32}$/;

export function newSessionId(): string {
  return randomBytes(16).toString('hex');
}

export interface TokenClaims {
  sessionId: string;
  expiresAt: Date;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function issueToken(claims: TokenClaims, secret: string): string {
  const payload = `v1.${claims.sessionId}.${claims.expiresAt.getTime()}`;
  return `${payload}.${sign(payload, secret)}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifyToken(token: string, secret: string, at: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1' || !SESSION_ID.test(parts[1]) || !/^\d{1,15}$/.test(parts[2])) {
    return { ok: false, reason: 'malformed' };
  }
  const payload = parts.slice(0, 3).join('.');
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(parts[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = new Date(Number(parts[2]));
  if (expiresAt.getTime() <= at.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { sessionId: parts[1], expiresAt } };
}
