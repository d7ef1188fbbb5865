import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

test('When the dependency rules are checked, then shared/, client/ and cloud/ respect their boundaries', () => {
  // depcruise exits non-zero and lists the violations when a rule is broken
  const out = execFileSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'client', 'cloud', 'shared'], { cwd: ROOT, encoding: 'utf8' });
  expect(out).toContain('no dependency violations found');
});

test('When client code calls a cloud function or the network, then it is services/cloud.ts and nothing else', () => {
  const offenders = files(path.join(ROOT, 'client', 'src'))
    .filter((f) => !f.includes(`${path.sep}services${path.sep}`))
    .filter((f) => /\b(Taro|wx)\s*\.\s*(request|cloud\s*\.\s*callFunction)\s*\(/.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f));
  expect(offenders).toEqual([]);
});


test('When client, cloud, shared and scripts code is searched for time-zone math of its own, then only the calendar has any', () => {
  // Offset arithmetic, a time-zone library, the zone's name as a value, or private unit constants: shared/domain/calendar.ts is the one calendar.
  const privateCalendar = [/8\s*\*\s*(3600|60\s*\*\s*60)/, /\b28_?800\b/, /getTimezoneOffset/, /\+08:00/, /from 'dayjs|require\('dayjs/, /['"]Asia\/Shanghai['"]/, /\bconst (MINUTE|HOUR|DAY)S?\b\s*=/, /\bSHANGHAI_OFFSET/];
  const calendar = path.join(ROOT, 'shared', 'domain', 'calendar.ts');
  const offenders = ['client/src', 'cloud', 'shared', 'scripts']
    .flatMap((dir) => files(path.join(ROOT, dir)))
    .filter((f) => f !== calendar)
    .flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return privateCalendar.filter((re) => re.test(text)).map((re) => `${path.relative(ROOT, f)}: ${re}`);
    });
  expect(offenders).toEqual([]);
});
