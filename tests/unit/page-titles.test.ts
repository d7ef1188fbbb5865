import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const CLIENT = path.resolve(__dirname, '../../client/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Page folders on disk: client/src/[<package>/]pages/<name>/ (the ones with an index.tsx). */
const pageDirs = files(CLIENT)
  .filter((f) => /^([a-z-]+\/)?pages\/[a-z0-9-]+\/index\.tsx$/.test(path.relative(CLIENT, f).split(path.sep).join('/')))
  .map((f) => path.dirname(f));

/** index.config.ts as Taro reads it (`definePageConfig` is a global of the Taro build). */
function pageTitle(dir: string): string | undefined {
  const file = path.join(dir, 'index.config.ts');
  if (!existsSync(file)) return undefined;
  Object.assign(globalThis, { definePageConfig: (c: unknown) => c });
  return (require(file) as { default: { navigationBarTitleText?: string } }).default.navigationBarTitleText;
}

describe('page titles', () => {
  test('When any page opens, then the navigation bar has a Chinese title (index.config.ts navigationBarTitleText)', () => {
    expect(pageDirs.length).toBeGreaterThan(20);
    const untitled = pageDirs.filter((d) => !/[\u4e00-\u9fa5]/.test(pageTitle(d) ?? '')).map((d) => path.relative(CLIENT, d));
    expect(untitled).toEqual([]);
  });
});
