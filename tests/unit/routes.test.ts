import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CALLER_ROLES } from '@shared/domain/roles';
import { ALL_ROUTES, parseLink, ROLE_HOME, routes, TAB_BAR, tabRoute, tabText, type AnyRoute } from '@shared/routes';
import { TEMPLATES } from '../../cloud/lib/wechat/templates';

const ROOT = path.resolve(__dirname, '../..');
const CLIENT = path.join(ROOT, 'client', 'src');

interface AppConfig {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  preloadRule: Record<string, unknown>;
  tabBar?: { list: { pagePath: string }[] };
}

/** client/src/app.config.ts as Taro reads it (`defineAppConfig` is a global of the Taro build). */
function appConfig(): AppConfig {
  Object.assign(globalThis, { defineAppConfig: (c: AppConfig) => c });
  return (require('../../client/src/app.config') as { default: AppConfig }).default;
}

/** Every page of the app config, from the app root: 'owner/pages/repair/index'. */
function configPages(c: AppConfig): string[] {
  return [...c.pages, ...c.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Page components on disk: client/src/[<package>/]pages/<name>/index.tsx → '[<package>/]pages/<name>/index'. */
function pageFiles(): string[] {
  return files(CLIENT)
    .map((f) => path.relative(CLIENT, f).split(path.sep).join('/'))
    .filter((f) => /^([a-z-]+\/)?pages\/[a-z0-9-]+\/index\.tsx$/.test(f))
    .map((f) => f.replace(/\.tsx$/, ''));
}

const sample = (r: AnyRoute) => Object.fromEntries(r.params.map((k) => [k, `${k}-6571b2 &=?/中`]));
const link = (r: AnyRoute, params: Record<string, string>) => (r as unknown as (p: Record<string, string>) => string)(params);
const url = (r: AnyRoute, params: Record<string, string>) => (r as unknown as { url: (p: Record<string, string>) => string }).url(params);

describe('route registry', () => {
  test('When the app config is read, then its pages are exactly the page files under client/src, and every route of the registry is one of them', () => {
    const config = appConfig();
    const listed = configPages(config);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(pageFiles().sort());
    expect(ALL_ROUTES.map((r) => r.path).sort()).toEqual([...listed].sort());
    // WeChat launches the first page of the main package.
    expect(config.pages[0]).toBe(routes.main.workbench.path);
  });

  test('When the tab bar, the preload rule and the role homes name pages, then each is a page of the app config (and there is no native tabBar)', () => {
    const config = appConfig();
    const listed = new Set(configPages(config));
    // The app draws its own tab bar: native tab pages would have to be in the main package.
    expect(config.tabBar).toBeUndefined();
    expect(TAB_BAR.map((t) => t.text)).toEqual(['首页', '消息', '我的']);
    for (const role of CALLER_ROLES) for (const t of TAB_BAR) expect(listed).toContain(tabRoute(t.key, role).path);
    expect(CALLER_ROLES.map((r) => tabText('home', r))).toEqual(CALLER_ROLES.map((r) => (r === 'owner' || r === 'guest' ? '首页' : '工作台')));
    for (const p of Object.keys(config.preloadRule)) expect(listed).toContain(p);
    for (const role of CALLER_ROLES) expect(listed).toContain(ROLE_HOME[role].path);
  });

  test('When client, cloud or shared code names a page, then it goes through the registry: no page path is written as a string anywhere else', () => {
    const literal = /['"`]\/?([a-z-]+\/)?pages\/[a-z0-9-]+\/index\b/;
    const offenders = ['client/src', 'cloud', 'shared']
      .flatMap((d) => files(path.join(ROOT, d)))
      .filter((f) => /\.(ts|tsx)$/.test(f) && path.relative(ROOT, f) !== path.join('shared', 'routes.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line: line.trim(), at: `${path.relative(ROOT, f)}:${i + 1}` }))
          .filter(({ line }) => !/^(\/\/|\*|\/\*)/.test(line) && literal.test(line))
          .map(({ at, line }) => `${at}: ${line}`),
      );
    expect(offenders).toEqual([]);
  });

  test('When a link is built for any page, then it parses back to that page and its parameters, and the navigation URL is the same with a leading slash', () => {
    for (const r of ALL_ROUTES) {
      const params = sample(r);
      const built = link(r, params);
      expect(built.startsWith(`${r.path}${r.params.length ? '?' : ''}`)).toBe(true);
      expect(parseLink(built)).toEqual({ route: r, params });
      expect(url(r, params)).toBe(`/${built}`);
    }
    expect(routes.owner.repair({ id: '6571b2c3d4e5f6a7b8c9d0e1' })).toBe('owner/pages/repair/index?id=6571b2c3d4e5f6a7b8c9d0e1');
    expect(routes.main.login.url()).toBe('/pages/login/index');
  });

  test('When a page takes an optional parameter, then the link carries it only when given, and it parses back with or without it', () => {
    expect(routes.owner.pay({ unitId: 'u1' })).toBe('owner/pages/pay/index?unitId=u1');
    expect(routes.owner.pay({ unitId: 'u1', billIds: '' })).toBe('owner/pages/pay/index?unitId=u1');
    expect(routes.owner.pay.url({ unitId: 'u1', billIds: 'b1,b2' })).toBe('/owner/pages/pay/index?unitId=u1&billIds=b1%2Cb2');
    expect(parseLink(routes.owner.pay({ unitId: 'u1', billIds: 'b1,b2' }))).toEqual({ route: routes.owner.pay, params: { unitId: 'u1', billIds: 'b1,b2' } });
    expect(parseLink(routes.owner.pay({ unitId: 'u1' }))).toEqual({ route: routes.owner.pay, params: { unitId: 'u1' } });
    // The optional one does not stand in for the one the page needs.
    expect(parseLink('owner/pages/pay/index?billIds=b1')).toBeUndefined();
    expect(parseLink('owner/pages/pay/index?unitId=u1&orderId=o1')).toBeUndefined();
  });

  test('When a WeChat template opens its default page, then that link parses to a page of the app (with every parameter it needs)', () => {
    expect(TEMPLATES.filter((t) => !parseLink(t.page)).map((t) => `${t.key}: ${t.page}`)).toEqual([]);
  });

  test('When a link names no page of the app, misses a parameter the page needs, or adds one it does not take, then it does not parse', () => {
    expect(parseLink('owner/pages/repairs/detail?id=1')).toBeUndefined();
    expect(parseLink('/owner/pages/repair/index?id=1')).toBeUndefined();
    expect(parseLink('owner/pages/repair/index')).toBeUndefined();
    expect(parseLink('owner/pages/repair/index?id=')).toBeUndefined();
    expect(parseLink('owner/pages/repair/index?id=1&x=2')).toBeUndefined();
    expect(parseLink('owner/pages/home/index?id=1')).toBeUndefined();
    expect(parseLink('owner/pages/repair/index?id=%E0%A4%A')).toBeUndefined();
    expect(parseLink('owner/pages/home/index')).toEqual({ route: routes.owner.home, params: {} });
  });
});
