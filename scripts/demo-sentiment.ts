import { MINUTE_MS } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { ingestMessages } from '../cloud/modules/sentiment';

/**
 * The demo's owners' WeChat group (幸福里1栋业主群), through the real ingest: yesterday's ordinary
 * chat (a question, a notice, thanks) and, an hour ago, a brewing elevator complaint from three
 * owners — 张伟 among them (his nickname carries his name, so he is a known owner) — which opens an
 * incident for 王芳 to answer. Message ids are fixed: seeding again adds nothing.
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
  ];
  await ingestMessages(
    communityId,
    { id: 'demo-group-1', name: '幸福里1栋业主群' },
    chat.map(([id, nickname, text, minutes], k) => ({ messageId: `demo-${k + 1}`, sender: { id, nickname }, text, sentAt: ago(minutes) })),
    'api',
    // Seeded history: nobody is alerted (the demo staff would otherwise get call tasks for it).
    { alert: false },
  );
}
