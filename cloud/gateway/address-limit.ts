import { addressKey } from '../lib/address-key';
import { now } from '../lib/clock';

/**
 * At most `max` requests per client address (an IPv4 address, an IPv6 /64) in fixed windows of
 * `windowMs` on the one clock, counted in this process's memory: a refused request costs a map
 * look-up and reaches nothing else — not the body, not the database. For a route that strangers
 * may call (the WeChat Pay notify route): the database-backed limits (lib/rate-limit.ts) are for
 * signed-in callers, whose every refusal is worth a write.
 *
 * The counts start over with each window (a burst around a window's edge may pass up to twice
 * `max`, as with every fixed window). Behind a reverse proxy every client has the proxy's address:
 * the limit then holds for all of them together.
 */
export interface AddressLimit {
  /** Counts one request of the address: null when allowed, else the seconds until its window ends. */
  take(ip: string | undefined): number | null;
}

/** Addresses counted per window before the rest share one count (a flood from many addresses cannot grow the map without end). */
const MAX_ADDRESSES = 50_000;
const OVERFLOW = '*';

export function addressLimit(spec: { max: number; windowMs: number }): AddressLimit {
  let window = -1;
  let counts = new Map<string, number>();
  return {
    take(ip) {
      const at = now().getTime();
      const current = Math.floor(at / spec.windowMs);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      let key = addressKey(ip ?? '');
      if (!counts.has(key) && counts.size >= MAX_ADDRESSES) key = OVERFLOW;
      const n = (counts.get(key) ?? 0) + 1;
      if (n > spec.max) return Math.max(1, Math.ceil(((current + 1) * spec.windowMs - at) / 1000));
      counts.set(key, n);
      return null;
    },
  };
}
