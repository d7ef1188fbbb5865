import { getConfig } from './config';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * Logs never carry personal numbers: mainland mobile numbers (also written +86 139 1234 5678,
 * 8613912345678, 139-1234-5678), landlines (0571-88886666) and ID numbers are masked in every
 * line, whatever put them there (an error message quoting a value, a stack, a field).
 */
const ID_NUMBER = /(?<![\dA-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![\dA-Za-z])/g;
const MOBILE = /(?<![\dA-Za-z+])(\+?86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?![\dA-Za-z])/g;
const LANDLINE = /(?<![\dA-Za-z])(0\d{2,3})-\d{3,4}(\d{4})(?![\dA-Za-z-])/g;

export function redact(line: string): string {
  return line
    .replace(ID_NUMBER, '$1**********$2')
    .replace(MOBILE, (_m, prefix: string | undefined, head: string, tail: string) => `${prefix ?? ''}${head}****${tail}`)
    .replace(LANDLINE, '$1-****$2');
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[getConfig().logLevel]) return;
  const line = redact(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }));
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

/** Structured JSON-lines logger. Always pass `requestId` when there is one. */
export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
