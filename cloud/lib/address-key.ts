/**
 * The subject of a limit per client address: an IPv4 address (also when written IPv4-mapped), or
 * an IPv6 address's /64 (one subscriber usually holds a whole /64, so single addresses cost nothing).
 * Used by the failed-login limit (identity) and the gateway's limit on WeChat Pay notifications.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('%')[0].split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
