import { MINUTE_MS } from '@shared/domain/calendar';
import { now } from '../clock';
import { connectDb, mongoose } from '../db';

const { Schema, model } = mongoose;

/**
 * WeChat access tokens, shared through MongoDB by every function instance (WeChat allows few
 * token requests a day, and a new /cgi-bin/token invalidates the previous one).
 * `_id` is `<kind>:<appid>`: `mp:<appid>` (mini-program stable token), `oa:<appid>` (official account).
 */
const wechatTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'wechat_tokens' },
);

export const WechatToken = model('WechatToken', wechatTokenSchema);

export type TokenKind = 'mp' | 'oa';

export function tokenKey(kind: TokenKind, appId: string): string {
  return `${kind}:${appId}`;
}

/** Refresh a token when less than this is left (WeChat itself rotates stable tokens 5 minutes early). */
export const REFRESH_MARGIN_MS = 5 * MINUTE_MS;

export interface StoredToken {
  token: string;
  expiresAt: Date;
}

/** The stored token, or null when there is none or it is about to expire (by the one clock). */
export async function readFreshToken(key: string): Promise<StoredToken | null> {
  await connectDb();
  const doc = await WechatToken.findById(key).lean();
  if (!doc || doc.expiresAt.getTime() - now().getTime() <= REFRESH_MARGIN_MS) return null;
  return { token: doc.token, expiresAt: doc.expiresAt };
}

export async function saveToken(key: string, token: string, expiresInMs: number): Promise<StoredToken> {
  await connectDb();
  const at = now();
  const expiresAt = new Date(at.getTime() + expiresInMs);
  await WechatToken.updateOne({ _id: key }, { $set: { token, expiresAt, updatedAt: at } }, { upsert: true });
  return { token, expiresAt };
}

/**
 * Forget a token WeChat rejected (40001/42001). Only that token: if another instance already
 * stored a newer one, it stays.
 */
export async function dropToken(key: string, token: string): Promise<void> {
  await connectDb();
  await WechatToken.deleteOne({ _id: key, token });
}
