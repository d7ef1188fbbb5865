/**
 * The BUILT weapp 服务指南 pages against the real gateway and the demo data (scripts/demo-knowledge.ts):
 * an owner browses the starter articles, searches in her own words, opens the answer and votes.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { ArticleDetail } from '@shared/contracts/knowledge.contract';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

test('When 张伟 searches 服务指南 for 物业费怎么交 and opens the answer, then he reads 幸福里’s rates, the words highlighted, and his 有帮助 counts', async () => {
  const { token } = await suite.loginAs('demo-owner');
  const page = await suite.sim.openPage('owner/pages/knowledge/index');
  await page.waitForText('停车收费与车位办理'); // the starter articles, by category
  expect(page.text()).not.toContain('电话催缴注意事项'); // staff only
  await page.type('kb-search__input', '物业费怎么交');
  await page.tap('kb-search__go');
  await page.waitForText('物业费标准与缴纳方式');
  // The hits' highlighting renders with the list (a moment later under load).
  await suite.sim.waitFor(() => page.findAll('kb-hit').length > 0, 'the search words are highlighted');
  expect(page.findAll('kb-row--hit')[0].textContent).toContain('物业费标准与缴纳方式');
  expect(page.text()).toContain('我要咨询');
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();

  const hits = await suite.stack.invoke('knowledge', 'search', { q: '物业费怎么交' }, token);
  if (!hits.ok) throw new Error(hits.error.code);
  const id = hits.data.items[0].id;
  const article = await suite.sim.openPage('owner/pages/article/index', { id });
  await article.waitForText('2.20 元/平方米·月');
  await article.tap('article-page__helpful');
  await suite.sim.settle();
  const after = await suite.stack.invoke('knowledge', 'get', { articleId: id }, token);
  if (!after.ok) throw new Error(after.error.code);
  expect((after.data as ArticleDetail)).toMatchObject({ helpful: 1, myFeedback: true });
  article.unload();
});
