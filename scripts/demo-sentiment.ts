import { MINUTE_MS } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { User } from '../cloud/modules/identity/user.model';
import { correct, corrections, ingestMessages } from '../cloud/modules/sentiment';
import { staffCaller } from './demo-kit';

/**
 * The demo's owners' WeChat group (幸福里1栋业主群), through the real ingest: yesterday's ordinary
 * chat (a question, a notice, thanks) and, an hour ago, a brewing elevator complaint from three
 * owners — 张伟 among them (his nickname carries his name, so he is a known owner) — which opens an
 * incident for 王芳 to answer. Message ids are fixed: seeding again adds nothing.
 * One owner's sarcasm (乌龟看了都摇头) is wording the built-in lexicon does not know: 王芳 has marked
 * it 漏报, so 孙涛 finds a correction to review in 词库纠正 (issue 26).
 */
export async function seedDemoSentiment(communityId: mongoose.Types.ObjectId): Promise<void> {
  const at = now().getTime();
  const ago = (minutes: number) => new Date(at - minutes * MINUTE_MS);
  const chat: [string, string, string, number][] = [
    ['u-chen', '1-0302陈阿姨', '请问明天上午停水吗？要不要提前接点水', 26 * 60],
    ['u-guanjia', '管家小王', '温馨提示：明天上午9点至11点二次供水设备检修，请大家提前储水，谢谢配合', 25 * 60],
    ['u-chen', '1-0302陈阿姨', '收到，谢谢管家[强]', 25 * 60 - 3],
    ['u-zhang', '1-1502张伟', '电梯又停了，早上被困了十分钟，到底有没有人管？', 70],
    ['u-li', '1-0901李先生', '是啊，电梯这个月第三次坏了，维保到底来没来过，太差劲了', 62],
    ['u-zhou', '1-1201周女士', '电梯天天坏，老人孩子只能爬楼梯，物业也不出来说句话，真是服了', 55],
    ['u-wu', '1-0601吴先生', '这物业的反应速度，乌龟看了都摇头', 40],
  ];
  await ingestMessages(
    communityId,
    { id: 'demo-group-1', name: '幸福里1栋业主群' },
    chat.map(([id, nickname, text, minutes], k) => ({ messageId: `demo-${k + 1}`, sender: { id, nickname }, text, sentAt: ago(minutes) })),
    'api',
    // Seeded history: nobody is alerted (the demo staff would otherwise get call tasks for it).
    { alert: false },
  );
  const agent = await User.findOne({ communityId, phone: '13800000011' }, { name: 1 }).lean();
  if (!agent) return;
  const caller = staffCaller(agent, 'agent', communityId);
  if ((await corrections(caller, { status: 'all', page: 1, pageSize: 1 })).total > 0) return;
  await correct(caller, {
    groupId: 'demo-group-1',
    messageId: `demo-${chat.length}`,
    kind: 'missed',
    phrase: '乌龟看了都摇头',
    level: 'medium',
    topics: ['service'],
    note: '讽刺物业反应慢，系统没识别出来',
  });
}
