import { addDays, dayStart, localDay } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import { mongoose } from '../cloud/lib/db';
import { idOfRequest } from '../cloud/lib/idempotent';
import { ensureStarterArticles } from '../cloud/modules/knowledge';
import { searchLogId } from '../cloud/modules/knowledge/articles.service';
import { Article, Script, SearchLog } from '../cloud/modules/knowledge/knowledge.model';
import { canonicalQuery, indexTerms } from '../cloud/modules/knowledge/search-text';
import { starterArticleId } from '../cloud/modules/knowledge/starter.service';

type Id = mongoose.Types.ObjectId;

/**
 * The knowledge base and 话术 of the demo community (幸福里小区):
 * - the starter articles (every community gets them on first read; here at once), with 物业费标准与缴纳方式
 *   edited by 孙涛 to 幸福里's own rates, and one article of its own (小区游泳池开放时间, a draft);
 * - the 话术 library as shipped, with 孙涛's version of the phone greeting (幸福里's name) and one
 *   script of its own (节日问候);
 * - a week of owners' searches: most found an answer, a few did not (宽带怎么安装, 游泳池几点开门 …), so
 *   the manager's 缺失答案 list and the desk figures have something to show.
 * Upserted by derived ids: seeding twice changes nothing.
 */
export async function seedDemoKnowledge(communityId: Id): Promise<void> {
  await ensureStarterArticles(communityId);
  const feeBody = [
    '幸福里小区物业服务费标准：住宅 2.20 元/平方米·月，商铺 4.50 元/平方米·月（按房屋建筑面积计收，经业主大会确认并公示）。',
    '缴纳方式：1. 在小程序「我的账单」中选择账单，微信支付在线缴纳；2. 到 1 栋架空层物业服务中心现场缴纳，可使用现金、刷卡或微信；3. 银行转账，转账时请备注房号。',
    '物业费按季度预缴，每季度第一个月 15 日前缴纳；缴费后可在小程序查看电子收据，需要发票的可在收据页申请。',
    '如对账单有疑问，可到服务中心或拨打服务电话核对，我们会逐项说明。',
  ].join('\n');
  const feeKeywords = ['物业费', '物业服务费', '缴费', '收费标准', '交物业费', '季度'];
  await Article.updateOne(
    { _id: starterArticleId(communityId, 'fee-standard') },
    { $set: { body: feeBody, keywords: feeKeywords, terms: indexTerms('物业费标准与缴纳方式', ...feeKeywords, feeBody), updatedByName: '孙涛' } },
  );
  const poolTitle = '小区游泳池开放时间';
  const poolBody = '小区游泳池每年 6 月至 9 月开放，开放时间 9:00–21:00，周一下午清洁维护。\n入池请持业主卡，儿童须由成人陪同。';
  await Article.updateOne(
    { _id: idOfRequest(`demo-knowledge:${String(communityId)}:pool`) },
    {
      $setOnInsert: { communityId, title: poolTitle, body: poolBody, category: 'facilities', keywords: ['游泳池', '泳池'], audience: 'all', status: 'draft', terms: indexTerms(poolTitle, '游泳池', '泳池', poolBody), starterKey: '', helpful: 0, notHelpful: 0, updatedByName: '孙涛' },
    },
    { upsert: true },
  );

  // 话术: the greeting with the community's name; a script of its own.
  await Script.updateOne(
    { _id: idOfRequest(`knowledge-script:${String(communityId)}:phone.answer`) },
    {
      $setOnInsert: { communityId, starterKey: 'phone.answer', context: 'phone', title: '接听电话', text: '您好，幸福里物业服务中心，我是客服{员工姓名}，很高兴为您服务，请问有什么可以帮您？', order: 1, hidden: false, updatedByName: '孙涛' },
    },
    { upsert: true },
  );
  await Script.updateOne(
    { _id: idOfRequest(`demo-knowledge:${String(communityId)}:script:festival`) },
    { $setOnInsert: { communityId, starterKey: '', context: 'general', title: '节日问候', text: '{业主称呼}您好，幸福里物业服务中心祝您和家人节日快乐、阖家安康！', order: 20, hidden: false, updatedByName: '孙涛' } },
    { upsert: true },
  );

  // A week of owners' searches: [days ago, query, times, articles found].
  const today = localDay(now());
  const searches: [number, string, number, number][] = [
    [0, '物业费怎么交', 3, 2],
    [0, '宽带怎么安装', 2, 0],
    [1, '停车', 4, 3],
    [1, '游泳池几点开门', 3, 0],
    [2, '装修要办什么手续', 2, 2],
    [3, '宽带怎么安装', 2, 0],
    [4, '门禁卡丢了', 1, 1],
    [5, '可以在阳台装晾衣架吗', 1, 0],
    [6, '快递放哪里', 2, 1],
  ];
  for (const [ago, q, count, hits] of searches) {
    const day = addDays(today, -ago);
    const query = canonicalQuery(q);
    await SearchLog.updateOne({ _id: searchLogId(String(communityId), day, query) }, { $set: { communityId, day: dayStart(day), query, count, hits } }, { upsert: true });
  }
}
