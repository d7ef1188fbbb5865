import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRORS, type ErrorCode } from '@shared/errors';

/**
 * docs/errors.md is the table of error codes people read; shared/errors.ts is the one the code uses.
 * This keeps them equal: every code of shared/errors.ts has exactly one row in the doc with its
 * status and default message, and the doc has no row for a code that does not exist.
 */
const DOC = path.resolve(__dirname, '../../docs/errors.md');

interface Row {
  code: string;
  status: number;
  message: string;
  line: number;
}

/** The rows of the doc's tables whose first cell is a code: "| `CODE` | status | message | when |". */
function errorRows(markdown: string): Row[] {
  const rows: Row[] = [];
  markdown.split('\n').forEach((text, i) => {
    const m = /^\|\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|/.exec(text);
    if (m) rows.push({ code: m[1], status: Number(m[2]), message: m[3], line: i + 1 });
  });
  return rows;
}

const rowFor = (code: ErrorCode) => `| \`${code}\` | ${ERRORS[code].status} | ${ERRORS[code].message} | <when it is answered> |`;

describe('docs/errors.md', () => {
  const rows = errorRows(readFileSync(DOC, 'utf8'));
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it('When a code is in shared/errors.ts, then the doc has a row for it', () => {
    const documented = new Set(rows.map((r) => r.code));
    const missing = codes.filter((c) => !documented.has(c));
    // The message lists the rows to paste into docs/errors.md.
    expect(missing.map(rowFor)).toEqual([]);
  });

  it('When the doc has a row, then its code exists in shared/errors.ts', () => {
    const unknown = rows.filter((r) => !Object.prototype.hasOwnProperty.call(ERRORS, r.code)).map((r) => `line ${r.line}: ${r.code}`);
    expect(unknown).toEqual([]);
  });

  it('When a code is documented, then it is documented once', () => {
    const seen = new Map<string, number[]>();
    for (const r of rows) seen.set(r.code, [...(seen.get(r.code) ?? []), r.line]);
    const repeated = [...seen].filter(([, lines]) => lines.length > 1).map(([code, lines]) => `${code} on lines ${lines.join(', ')}`);
    expect(repeated).toEqual([]);
  });

  it('When a code is documented, then the doc gives its status and default message from shared/errors.ts', () => {
    const wrong = rows
      .filter((r) => Object.prototype.hasOwnProperty.call(ERRORS, r.code))
      .filter((r) => r.status !== ERRORS[r.code as ErrorCode].status || r.message !== ERRORS[r.code as ErrorCode].message)
      .map((r) => `line ${r.line}: ${r.code} ${r.status} ${r.message} → ${rowFor(r.code as ErrorCode)}`);
    expect(wrong).toEqual([]);
  });

  it('When the parser reads a row, then it takes the code, status and message cells', () => {
    // Guards the test itself: a parser that found nothing would make the checks above pass vacuously.
    expect(errorRows('| `A.B` | 404 | 没有 | when |\n| code | status | default message | when |\n')).toEqual([{ code: 'A.B', status: 404, message: '没有', line: 1 }]);
    expect(rows.length).toBe(codes.length);
  });
});
