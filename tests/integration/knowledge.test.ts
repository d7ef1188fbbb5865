import type { Paged } from '@shared/contracts/contract';
import type { ArticleDetail, ArticleSummary, MissingAnswer, ScriptView, SearchHit } from '@shared/contracts/knowledge.contract';
import type { ScriptContext } from '@shared/domain/knowledge';
import { setClock } from '../../cloud/lib/clock';
import { searchFigures } from '../../cloud/modules/knowledge';
import { Article, SearchLog } from '../../cloud/modules/knowledge/knowledge.model';
import { SentimentIncident, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import type { IncidentDetail } from '@shared/contracts/sentiment.contract';
import { STARTER_ARTICLES } from '../../cloud/modules/knowledge/starter-articles';
import { INCIDENT_REPLIES } from '../../cloud/modules/knowledge/starter-scripts';
import { DAYTIME, err, ok, rid, staff, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The knowledge base (articles owners and staff search, Chinese text search on the embedded
 * database) and the 话术 library (starter scripts, community edits, per context).
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
async function call<T>(action: string, data: Record<string, unknown>, p: Person): Promise<T> {
  return ok(await stack.invoke('knowledge', action as 'list', data as never, await tokenOf(p)), action) as T;
}
async function fail(action: string, data: Record<string, unknown>, p: Person) {
  return err(await stack.invoke('knowledge', action as 'list', data as never, await tokenOf(p)));
}
const search = (w: World, q: string, p: Person = w.owner) => call<Paged<SearchHit>>('search', { q }, p);
const titles = (r: Paged<SearchHit>) => r.items.map((h) => h.title);

async function article(w: World, data: Record<string, unknown>): Promise<ArticleDetail> {
  return call<ArticleDetail>('saveArticle', { requestId: rid(), category: 'other', ...data }, w.manager);
}

test('When a community first reads the knowledge base, then it has the starter articles, once, and owners never see the staff-only ones', async () => {
  const w = await world(stack);
  const [a, b] = await Promise.all([call<Paged<ArticleSummary>>('list', { pageSize: 100 }, w.agent), call<Paged<ArticleSummary>>('list', { pageSize: 100 }, w.agent)]);
  expect(a.total).toBe(STARTER_ARTICLES.length);
  expect(b.total).toBe(STARTER_ARTICLES.length);
  expect(await Article.countDocuments({ communityId: w.communityId })).toBe(STARTER_ARTICLES.length);
  expect(a.items.every((i) => i.starter && i.status === 'published')).toBe(true);
  const staffOnly = STARTER_ARTICLES.filter((s) => s.audience === 'staff').map((s) => s.title);
  expect(staffOnly.length).toBeGreaterThan(0);
  const owners = await call<Paged<ArticleSummary>>('list', { pageSize: 100 }, w.owner);
  expect(owners.total).toBe(STARTER_ARTICLES.length - staffOnly.length);
  expect(owners.items.map((i) => i.title)).not.toEqual(expect.arrayContaining([staffOnly[0]]));
  // By category.
  const fees = await call<Paged<ArticleSummary>>('list', { category: 'fees' }, w.owner);
  expect(fees.items.length).toBeGreaterThan(0);
  expect(fees.items.every((i) => i.category === 'fees')).toBe(true);
});

test('When owners search in their own words, then 物业费怎么交 finds the fee article, 停车 the parking ones, 裝修 (Traditional) the renovation one, and nonsense nothing', async () => {
  const w = await world(stack);
  const fee = await search(w, '物业费怎么交？');
  expect(fee.items[0].title).toBe('物业费标准与缴纳方式');
  expect(fee.items[0].titleHighlights).toEqual([[0, 3]]);
  expect(fee.items[0].snippet.text.length).toBeLessThanOrEqual(82);
  const own = await article(w, { title: '车位租赁说明', body: '地下车位可以按月租赁，租金以公示为准。', category: 'fees', keywords: ['车位'] });
  const parking = await search(w, '停车');
  expect(titles(parking)).toEqual(expect.arrayContaining(['停车收费与车位办理']));
  const carSpace = await search(w, '车位');
  expect(titles(carSpace)).toEqual(expect.arrayContaining(['停车收费与车位办理', own.title]));
  // The passage that matches, highlighted.
  const hit = parking.items.find((h) => h.title === '停车收费与车位办理')!;
  const [from, to] = hit.snippet.highlights[0];
  expect(hit.snippet.text.slice(from, to)).toBe('停车');
  expect(titles(await search(w, '裝修要辦什麼手續'))[0]).toBe('装修申请流程');
  expect(titles(await search(w, 'ＷＩＦＩ密碼')).length).toBe(0);
  expect((await search(w, '火星移民签证')).total).toBe(0);
  expect((await search(w, '怎么办')).total).toBe(0); // question words alone answer nothing
  // Empty or oversized: 400.
  expect(await fail('search', { q: '   ' }, w.owner)).toMatchObject({ code: 'VALIDATION' });
  expect(await fail('search', { q: '长'.repeat(51) }, w.owner)).toMatchObject({ code: 'VALIDATION' });
});

test('When articles are staff-only, drafts, archived or of another community, then they never reach those who may not read them', async () => {
  const w = await world(stack);
  const other = await world(stack);
  const internal = await article(w, { title: '内部：漏水赔偿处理口径', body: '漏水赔偿先报主管，不当场承诺金额。', audience: 'staff', keywords: ['漏水赔偿'] });
  const draft = await article(w, { title: '漏水赔偿草稿', body: '漏水赔偿草稿内容', status: 'draft' });
  const foreign = await article(other, { title: '漏水赔偿办法', body: '漏水赔偿的办法，另一个小区的。' });
  const mine = [internal.title, draft.title, foreign.title];
  expect(titles(await search(w, '漏水赔偿', w.owner))).not.toEqual(expect.arrayContaining([expect.stringMatching(/漏水赔偿/)]));
  expect(titles(await search(w, '漏水赔偿', w.agent)).filter((t) => mine.includes(t))).toEqual([internal.title]);
  expect(titles(await search(w, '漏水赔偿', w.manager)).filter((t) => mine.includes(t))).toEqual([internal.title]); // search is of published ones
  expect(titles(await search(w, '漏水赔偿', w.agent))[0]).toBe(internal.title);
  expect(await fail('get', { articleId: internal.id }, w.owner)).toMatchObject({ code: 'ARTICLE.NOT_FOUND' });
  expect(await fail('get', { articleId: draft.id }, w.agent)).toMatchObject({ code: 'ARTICLE.NOT_FOUND' });
  expect(await fail('get', { articleId: foreign.id }, w.manager)).toMatchObject({ code: 'ARTICLE.NOT_FOUND' });
  expect(await fail('saveArticle', { articleId: foreign.id, title: '改', body: '改', category: 'other' }, w.manager)).toMatchObject({ code: 'ARTICLE.NOT_FOUND' });
  expect((await call<ArticleDetail>('get', { articleId: draft.id }, w.manager)).status).toBe('draft');
  // Archived: gone from searches and lists, back when saved again.
  const pub = await article(w, { title: '漏水报修说明', body: '漏水请立即报修。' });
  await call('archiveArticle', { articleId: pub.id }, w.manager);
  expect(titles(await search(w, '漏水报修', w.owner))).not.toContain(pub.title);
  expect(await fail('get', { articleId: pub.id }, w.owner)).toMatchObject({ code: 'ARTICLE.NOT_FOUND' });
  const archived = await call<Paged<ArticleSummary>>('list', { status: 'archived' }, w.manager);
  expect(archived.items.map((i) => i.id)).toEqual([pub.id]);
  await call('saveArticle', { articleId: pub.id, title: pub.title, body: '漏水请立即报修，24小时服务。', category: 'procedures' }, w.manager);
  expect(titles(await search(w, '漏水报修', w.owner))).toContain(pub.title);
  // Owners and agents may not write.
  expect(await fail('saveArticle', { requestId: rid(), title: '业主写', body: '业主写', category: 'other' }, w.owner)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
});

test('When a manager saves an article twice with one request id, then there is one, and an edit re-indexes its words', async () => {
  const w = await world(stack);
  const requestId = rid();
  const [a, b] = await Promise.all([article(w, { requestId, title: '电梯年检通知', body: '电梯每年检验一次。' }), article(w, { requestId, title: '电梯年检通知', body: '电梯每年检验一次。' })]);
  expect(a.id).toBe(b.id);
  expect(await Article.countDocuments({ communityId: w.communityId, title: '电梯年检通知' })).toBe(1);
  await call('saveArticle', { articleId: a.id, title: '游泳池开放时间', body: '夏季开放。', category: 'hours' }, w.manager);
  expect(titles(await search(w, '电梯年检'))).not.toContain('游泳池开放时间');
  expect(titles(await search(w, '游泳池'))[0]).toBe('游泳池开放时间');
  expect(await fail('saveArticle', { title: '缺请求编号', body: '正文', category: 'other' }, w.manager)).toMatchObject({ code: 'VALIDATION' });
  expect(await fail('saveArticle', { requestId: rid(), title: '正文太长', body: '长'.repeat(5001), category: 'other' }, w.manager)).toMatchObject({ code: 'VALIDATION' });
});

test('When owners vote on an article, then each owner counts once and may change their vote', async () => {
  const w = await world(stack);
  const a = (await search(w, '门禁卡补办')).items[0];
  const first = await call<ArticleDetail>('feedback', { articleId: a.id, helpful: true }, w.owner);
  expect(first).toMatchObject({ helpful: 1, notHelpful: 0, myFeedback: true });
  expect(await call<ArticleDetail>('feedback', { articleId: a.id, helpful: true }, w.owner)).toMatchObject({ helpful: 1, notHelpful: 0 });
  expect(await call<ArticleDetail>('feedback', { articleId: a.id, helpful: false }, w.owner)).toMatchObject({ helpful: 0, notHelpful: 1, myFeedback: false });
  const o2 = await w.otherOwner();
  expect(await call<ArticleDetail>('feedback', { articleId: a.id, helpful: true }, o2)).toMatchObject({ helpful: 1, notHelpful: 1, myFeedback: true });
  expect(await fail('feedback', { articleId: a.id, helpful: true }, w.agent)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
});

test('When owners search, then their searches are counted per community and the most frequent that found nothing are the missing answers', async () => {
  const w = await world(stack);
  const other = await world(stack);
  await search(w, '物业费怎么交');
  await search(w, '充电桩安装');
  await search(w, '火星移民签证');
  await search(w, '火星移民签证！');
  await search(w, '游艇码头在哪');
  await search(w, '火星移民签证', w.agent); // staff searches are not counted
  await search(other, '火星移民签证', other.owner);
  const missing = await call<MissingAnswer[]>('missingAnswers', {}, w.manager);
  expect(missing).toEqual([
    { query: '火星移民签证', count: 2, lastDay: '2026-11-27' },
    { query: '游艇码头在哪', count: 1, lastDay: '2026-11-27' },
  ]);
  const figures = await searchFigures(w.communityId, DAYTIME);
  expect(figures).toEqual({ searches: 5, withHits: 2, missing: [{ query: '火星移民签证', count: 2 }, { query: '游艇码头在哪', count: 1 }] });
  // 31 days later they are out of the manager's list; after 90 days housekeeping deletes them.
  clock = new Date(DAYTIME.getTime() + 31 * 86_400_000);
  expect(await call<MissingAnswer[]>('missingAnswers', {}, w.manager)).toEqual([]);
  expect(await fail('missingAnswers', {}, w.agent)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  const { deleteOldSearchLogs } = await import('../../cloud/modules/knowledge');
  expect(await deleteOldSearchLogs(new Date(DAYTIME.getTime() + 92 * 86_400_000), [String(w.communityId)])).toBeGreaterThanOrEqual(4);
  expect(await SearchLog.countDocuments({ communityId: w.communityId })).toBe(0);
  expect(await SearchLog.countDocuments({ communityId: other.communityId })).toBe(1);
});

test('When pages ask for scripts by context, then they get the starter library for it, the community’s edits replacing starter ones and its own added', async () => {
  const w = await world(stack);
  const other = await world(stack);
  const cashier = await staff(stack, w.communityId, { roles: ['cashier'], name: '钱收费' });
  const scripts = (where: ScriptContext, p: Person = w.agent) => call<ScriptView[]>('scripts', { where }, p);
  // Every context has starter scripts.
  for (const where of [{ context: 'phone' }, { context: 'general' }, { context: 'inquiry', topic: 'fees' }] as ScriptContext[]) expect((await scripts(where)).length).toBeGreaterThan(1);
  // Ladder stages: gentle to formal.
  const stage0 = await scripts({ context: 'arrears', stage: 0 }, cashier);
  const stage4 = await scripts({ context: 'arrears', stage: 4 }, cashier);
  expect(stage0.map((s) => s.title)).toEqual(['到期提醒']);
  expect(stage4[0].text).toContain('法律途径');
  // A complaint's category scripts come before the stage's general ones; other categories' never.
  const noise = await scripts({ context: 'complaint', category: 'noise', stage: 'respond' });
  expect(noise[0].title).toBe('噪音/邻里');
  expect(noise.map((s) => s.title)).toEqual(expect.arrayContaining(['受理投诉', '安抚情绪']));
  expect(noise.map((s) => s.title)).not.toContain('服务态度投诉致歉');
  expect((await scripts({ context: 'complaint', stage: 'followup' })).map((s) => s.title)).toEqual(['回访', '回访结束']);
  // Incident replies per topic (moved from the sentiment module).
  const leak = await scripts({ context: 'incident', topic: 'leak' });
  expect(leak[0]).toMatchObject({ starterKey: 'incident.leak.reply', text: INCIDENT_REPLIES.leak });

  // The community edits one starter script, hides another, adds its own.
  const greet = (await scripts({ context: 'general' })).find((s) => s.starterKey === 'general.greet')!;
  const edited = await call<ScriptView>('saveScript', { starterKey: 'general.greet', where: greet.where, title: '问候', text: '您好，欢迎来到阳光花园服务中心！', order: 1 }, w.manager);
  expect(edited).toMatchObject({ starter: true, edited: true, text: '您好，欢迎来到阳光花园服务中心！' });
  await call('removeScript', { starterKey: 'general.farewell' }, w.manager);
  const own = await call<ScriptView>('saveScript', { requestId: rid(), where: { context: 'general' }, title: '节日问候', text: '{业主称呼}，节日快乐！', order: 50 }, w.manager);
  const general = await scripts({ context: 'general' });
  expect(general.find((s) => s.starterKey === 'general.greet')?.text).toBe('您好，欢迎来到阳光花园服务中心！');
  expect(general.filter((s) => s.title === '问候')).toHaveLength(1);
  expect(general.map((s) => s.starterKey)).not.toContain('general.farewell');
  expect(general.map((s) => s.title)).toContain('节日问候');
  // The manager's library shows the hidden one, flagged; restoring brings the original back.
  const library = await call<ScriptView[]>('scriptLibrary', { context: 'general' }, w.manager);
  expect(library.find((s) => s.starterKey === 'general.farewell')).toMatchObject({ hidden: true });
  await call('restoreScript', { starterKey: 'general.greet' }, w.manager);
  expect((await scripts({ context: 'general' })).find((s) => s.starterKey === 'general.greet')?.text).toBe(greet.text);
  // Another community still has the library as shipped, and cannot touch this one's script.
  const theirs = await call<ScriptView[]>('scripts', { where: { context: 'general' } }, other.agent);
  expect(theirs.map((s) => s.starterKey)).toContain('general.farewell');
  expect(theirs.map((s) => s.title)).not.toContain('节日问候');
  expect(await fail('removeScript', { scriptId: own.scriptId }, other.manager)).toMatchObject({ code: 'SCRIPT.NOT_FOUND' });
  // A starter script keeps its context; unknown keys are 404; owners see no scripts.
  expect(await fail('saveScript', { starterKey: 'general.greet', where: { context: 'phone' }, title: '改', text: '改' }, w.manager)).toMatchObject({ code: 'SCRIPT.CONTEXT_FIXED' });
  expect(await fail('restoreScript', { starterKey: 'no.such' }, w.manager)).toMatchObject({ code: 'SCRIPT.NOT_FOUND' });
  expect(await fail('scripts', { where: { context: 'general' } }, w.owner)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  // Own scripts are deleted for good.
  await call('removeScript', { scriptId: own.scriptId }, w.manager);
  expect((await call<ScriptView[]>('scriptLibrary', { context: 'general' }, w.manager)).map((s) => s.title)).not.toContain('节日问候');
});

test('When a community edits the group reply of a topic, then its incidents show the edited 话术 with the speaker’s nickname', async () => {
  const w = await world(stack);
  const messageKey = `${String(w.communityId)}:kb-g:m1`;
  await SentimentMessage.create({ _id: messageKey, communityId: w.communityId, groupId: 'kb-g', messageId: 'm1', senderId: 's1', nickname: '5栋王先生', text: '楼道漏水没人管', sentAt: DAYTIME, negative: true, score: 0.7, level: 'medium', topics: ['leak'], source: 'api', expiresAt: new Date(DAYTIME.getTime() + 86_400_000) });
  const incident = await SentimentIncident.create({ communityId: w.communityId, groupId: 'kb-g', groupName: '业主群', topic: 'leak', status: 'open', severity: 2, messageIds: [messageKey], firstAt: DAYTIME, lastAt: DAYTIME });
  const detail = async () => ok(await stack.invoke('sentiment', 'incident', { incidentId: String(incident._id) }, await tokenOf(w.agent)), 'incident') as IncidentDetail;
  expect((await detail()).script).toBe(INCIDENT_REPLIES.leak.replace('{业主称呼}', '5栋王先生'));
  await call('saveScript', { starterKey: 'incident.leak.reply', where: { context: 'incident', topic: 'leak' }, title: '群内回复', text: '@{业主称呼} 收到，维修师傅马上到，我私信您。' }, w.manager);
  expect((await detail()).script).toBe('@5栋王先生 收到，维修师傅马上到，我私信您。');
});
