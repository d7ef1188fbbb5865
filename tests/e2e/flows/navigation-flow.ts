import type { Locator, Page } from 'playwright-core';
import { until } from '../../helpers/until';
import { still } from './still';

/**
 * Each role finds its way around the H5 app as in the property apps owners know: the role's home
 * → its main action → back → the tab bar at the bottom (消息, 我的, then 首页 / 工作台 again). The
 * person's context ends on the home, so asPerson's picture is the home: home-<role>.png.
 *
 *   张伟 (owner)       首页 → 我要报修 (the form)
 *   王芳 (agent)       工作台 → the first 报修 on the desk (the order's page)
 *   刘强 (technician)  工作台 → the first of 我的工单 (the order's page)
 *   赵敏 (cashier)     工作台 → 欠费管理 → the first unit in arrears (its 缴费账户)
 *   孙涛 (manager)     工作台 → 报修看板
 *
 * Pages are recognised by their title (H5 sets document.title from navigationBarTitleText) and
 * tabs by their visible text, so the test does not depend on how a page is laid out.
 */
export interface NavigationFlowContext {
  /** The running app's URL (what `npm start` printed). */
  url: string;
  /** One browser context per person; a screenshot named `shot` at the end (and one on failure). */
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  /** Open the app and tap a demo account on the login page. */
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  /** The first visible element with this text. */
  visible: (page: Page, text: string) => Locator;
}

interface RoleWalk {
  role: 'owner' | 'agent' | 'technician' | 'cashier' | 'manager';
  person: string;
  /** The home's title, and the first tab's text. */
  home: string;
  homeTab: '首页' | '工作台';
  /** The main action from the home; resolves when its page is open. */
  act: (page: Page, ctx: NavigationFlowContext) => Promise<void>;
}

const titled = (page: Page, title: string | RegExp, timeout = 20_000) =>
  until(async () => (typeof title === 'string' ? (await page.title()) === title : title.test(await page.title())), {
    timeout,
    interval: 100,
    what: `the page titled ${String(title)} (now: ${page.url()})`,
  });

const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

/** A tab of the app's tab bar, by its visible text (the bar is the last thing on the page). */
const tab = (page: Page, text: string) => page.getByText(text, { exact: true }).filter({ visible: true }).last();

const WALKS: RoleWalk[] = [
  {
    role: 'owner',
    person: '张伟',
    home: '业主首页',
    homeTab: '首页',
    act: async (page, { visible }) => {
      await visible(page, '我要报修').click();
      await titled(page, '我要报修');
      await shown(visible(page, '问题描述'));
      await shown(visible(page, '报修类别'));
    },
  },
  {
    role: 'agent',
    person: '王芳',
    home: '客服工作台',
    homeTab: '工作台',
    act: async (page) => {
      await page.getByText(/^报修 · /).filter({ visible: true }).first().click({ timeout: 20_000 });
      await titled(page, '工单详情');
    },
  },
  {
    role: 'technician',
    person: '刘强',
    home: '维修师傅首页',
    homeTab: '工作台',
    act: async (page, { visible }) => {
      await shown(visible(page, '我的工单'), 20_000);
      await page.locator('.repair-row--link').filter({ visible: true }).first().click({ timeout: 20_000 });
      await titled(page, '工单详情');
    },
  },
  {
    role: 'cashier',
    person: '赵敏',
    home: '收费工作台',
    homeTab: '工作台',
    act: async (page, { visible }) => {
      await visible(page, '欠费管理').click({ timeout: 20_000 });
      await titled(page, '欠费管理');
      await page.getByText(/\d+栋\d+单元\d{4}/).filter({ visible: true }).first().click({ timeout: 20_000 });
      await titled(page, '缴费账户');
      await shown(visible(page, '账单'));
    },
  },
  {
    role: 'manager',
    person: '孙涛',
    home: '主管首页',
    homeTab: '工作台',
    act: async (page, { visible }) => {
      await visible(page, '报修看板').click({ timeout: 20_000 });
      await titled(page, '报修看板');
    },
  },
];

/** Every role's walk; returns the roles walked (home-<role>.png saved for each). */
export async function navigationFlow(ctx: NavigationFlowContext): Promise<string[]> {
  const walked: string[] = [];
  for (const w of WALKS) {
    await ctx.asPerson(`home-${w.role}`, async (page) => {
      await ctx.loginAs(page, ctx.url, w.person);
      await titled(page, w.home, 30_000);
      await shown(tab(page, w.homeTab), 20_000);

      // The main action, then back to the home.
      await w.act(page, ctx);
      await still(page);
      await page.goBack();
      if (w.role === 'cashier') {
        await still(page);
        await page.goBack();
      }
      await titled(page, w.home);

      // Around the tab bar: 消息 → 我的 → the home again.
      await tab(page, '消息').click();
      await titled(page, '我的消息');
      await shown(tab(page, '我的'));
      await tab(page, '我的').click();
      await titled(page, '我的');
      await tab(page, w.homeTab).click();
      await titled(page, w.home);
      await shown(tab(page, '消息'));
      // The picture shows the home with its figures, not its loading state.
      const loading = page.getByText('加载中', { exact: false }).filter({ visible: true });
      await until(async () => (await loading.count()) === 0, { timeout: 20_000, interval: 100, what: `${w.home} loaded` });
    });
    walked.push(w.role);
  }
  return walked;
}
