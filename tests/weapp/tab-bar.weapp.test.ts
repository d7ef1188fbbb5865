/**
 * The BUILT weapp tab bar and owner home in miniprogram-simulate against the real gateway and
 * database: every role home, 我的消息 and 我的 carry the app's tab bar (首页 for owners, 工作台 for
 * staff / 消息 with the unread count / 我的) with icons that exist; the owner home shows the service
 * grid with its badges, ONE 开启消息提醒 banner, and a fee card naming only the fees billed to him.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import { enqueue } from '../../cloud/modules/messaging/outbox.service';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { WEAPP_DIST, weappSuite, type SimPage } from './weapp-harness';

const suite = weappSuite();

beforeEach(async () => {
  await suite.sim.settle();
  suite.sim.storage.delete('wuye.session');
  suite.sim.navigations.length = 0;
  suite.sim.requests.length = 0;
});

async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

/** The tab bar's labels, in order, and its badge. */
function tabs(page: SimPage): { labels: string[]; badge: string | undefined } {
  return {
    labels: page.findAll('tab-bar__text').map((el) => el.textContent ?? ''),
    badge: page.findAll('tab-bar__badge')[0]?.textContent ?? undefined,
  };
}

/** The `src` Taro gave a rendered <image> (its node in the page data: `sid`, src in `p4`, see base.wxml). */
function imageSrc(page: SimPage, img: HTMLElement): string {
  const sid = img.getAttribute('data-sid');
  const seen = new Set<unknown>();
  const find = (node: unknown): string | undefined => {
    if (!node || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    const rec = node as Record<string, unknown>;
    if (rec.sid === sid && typeof rec.p4 === 'string') return rec.p4;
    for (const v of Object.values(rec)) {
      const hit = find(v);
      if (hit) return hit;
    }
    return undefined;
  };
  return find(page.root.instance.data) ?? '';
}

/** Every image of the tab bar is a PNG of the build (inlined as a data URL, or a file), under 40 KB. */
function expectIconsExist(page: SimPage): void {
  const icons = page.findAll('tab-bar__icon');
  expect(icons).toHaveLength(3);
  for (const img of icons) {
    const src = imageSrc(page, img);
    const bytes = src.startsWith('data:image/png;base64,') ? Buffer.from(src.split(',')[1], 'base64') : readFileSync(path.join(WEAPP_DIST, src.replace(/^\//, '')));
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeLessThan(40 * 1024);
  }
}

test('When the built app.json is read, then it has no native tabBar (the app draws its own: role homes live in sub-packages)', () => {
  const app = JSON.parse(readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as { tabBar?: unknown; pages: string[] };
  expect(app.tabBar).toBeUndefined();
  expect(app.pages).toEqual(expect.arrayContaining(['pages/index/index', 'pages/messages/index', 'pages/mine/index']));
});

test('When the owner opens his home with two unread events, then it shows the grid (报修 / 缴费 / 通知 / 投诉建议) with its badges, one 开启消息提醒 banner, a fee card naming only his billed fees, and the tab bar 首页 / 消息 (2) / 我的 with icons; 我的消息 clears the badge; 我的 starts over on 我的', async () => {
  const { token, me } = await suite.loginAs('demo-owner');
  await data(suite.stack.invoke('messaging', 'markSeen', {}, token));
  for (const n of [1, 2]) {
    await enqueue({
      communityId: me.communityId,
      eventKey: `tabbar-test:${n}`,
      recipientUserId: me.userId,
      templateKey: 'repair.progress',
      values: { orderNo: `BX2026120600${n}`, title: '厨房水管漏水', status: '处理中', time: new Date() },
    });
  }
  // One of his repairs finished and waiting for his stars.
  const done = await Repair.findOne({ communityId: new Types.ObjectId(me.communityId), reporterId: new Types.ObjectId(me.userId) }).lean();
  if (done) await Repair.updateOne({ _id: done._id }, { $set: { status: 'completed' } });
  const finished = await data(suite.stack.invoke('repairs', 'mine', { state: 'done', page: 1, pageSize: 50 }, token));
  const toRate = finished.items.filter((r) => r.status === 'completed').length;
  const board = await data(suite.stack.invoke('notices', 'board', { page: 1, pageSize: 20 }, token));
  const unreadNotices = board.items.filter((n) => !n.read).length;
  const accounts = await data(suite.stack.invoke('fees', 'myAccounts', {}, token));
  const billed = [...new Set(accounts.flatMap((a) => a.bills.filter((b) => b.status === 'open' && b.dueFen > 0).map((b) => b.itemName)))];
  const cashier = await suite.stack.invoke('auth', 'login', { code: 'demo-cashier' });
  if (!cashier.ok) throw new Error(cashier.error.code);
  const allItems = await data(suite.stack.invoke('fees', 'items', {}, cashier.data.token));

  const home = await suite.sim.openPage('owner/pages/home/index');
  await home.waitForText('1栋1单元1502');
  await suite.sim.waitFor(() => tabs(home).badge === '2', 'the 消息 badge');
  await suite.sim.settle();
  expect(tabs(home).labels).toEqual(['首页', '消息', '我的']);
  expect(home.findAll('tab-bar__item--on')[0]?.textContent).toContain('首页');
  expectIconsExist(home);

  expect(home.findAll('home-grid__title').map((t) => t.textContent)).toEqual(['报修', '缴费', '通知', '投诉建议', '咨询', '放行条', '服务指南', '装修申请', '问卷调查', '社区活动']);
  expect(home.findAll('home-grid__icon')).toHaveLength(10);
  const badge = (kind: string) => home.findAll(`home-grid__badge--${kind}`)[0]?.textContent ?? undefined;
  expect(badge('toRate')).toBe(toRate > 0 ? String(toRate) : undefined);
  expect(badge('unreadNotices')).toBe(unreadNotices > 0 ? String(unreadNotices) : undefined);
  expect(toRate + unreadNotices).toBeGreaterThan(0);

  // One banner (not a row per template).
  expect(home.findAll('subscribe-banner')).toHaveLength(1);
  expect(home.findAll('subscribe-card__row')).toHaveLength(0);

  const feeText = home.findAll('owner-home__bills-text')[0]?.textContent ?? '';
  if (billed.length) for (const name of billed) expect(feeText).toContain(name);
  else expect(feeText).toContain('已缴清');
  for (const item of allItems.filter((i) => !billed.includes(i.name))) expect(feeText).not.toContain(item.name);
  // The old card named 物业费、停车费 whatever was billed.
  if (!billed.some((n) => n.includes('车位') || n.includes('停车'))) expect(feeText).not.toContain('停车费');

  const messages = await suite.sim.openPage('pages/messages/index');
  await suite.sim.waitFor(() => suite.sim.requests.some((r) => r.action === 'markSeen' && r.status === 200), 'messaging.markSeen');
  expect(tabs(messages).badge).toBeUndefined();
  expect(await data(suite.stack.invoke('messaging', 'unread', {}, token))).toEqual({ count: 0 });
  await messages.tap('tab-bar__item--mine');
  expect(suite.sim.navigations).toEqual([{ api: 'reLaunch', url: '/pages/mine/index' }]);
  await suite.sim.settle();
  messages.unload();
  home.unload();
});

test('When an agent opens 我的, then the tab bar reads 工作台 / 消息 / 我的, 工作台 opens the agent desk, and 退出登录 is there to tap', async () => {
  await suite.loginAs('demo-agent');
  const mine = await suite.sim.openPage('pages/mine/index');
  await mine.waitForText('退出登录');
  expect(tabs(mine).labels).toEqual(['工作台', '消息', '我的']);
  expect(mine.findAll('mine__logout')).toHaveLength(1);
  await mine.tap('tab-bar__item--home');
  expect(suite.sim.navigations).toEqual([{ api: 'reLaunch', url: '/staff/pages/agent/index' }]);
  await suite.sim.settle();
  mine.unload();
});
