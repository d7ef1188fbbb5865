import { addDays, localDay } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { buildingsOf } from '../cloud/modules/community';
import { boardCheckStart, boardCreate, boardList, boardPost } from '../cloud/modules/life';
import { Notice } from '../cloud/modules/notices/notice.model';
import { demoRenovationStaff } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

/**
 * Demo notice boards of 幸福里小区 (life.md "Notice boards (宣传栏)"), through the module's services as
 * 王芳 (agent): a board per building (N号宣传栏 at N栋's lobby) and 南门宣传栏 at the main gate; current
 * postings — the latest published demo notice on 1栋's board and the gate's, a 冬季防火温馨提示 on 2栋's,
 * a 社区活动海报 at the gate —; two postings past their removal day still up (国庆假期安全提示 on 1栋's,
 * 电梯年检公示 on 3栋's); and this week's check, made (it lists those two). Seeding again changes nothing:
 * every request id is fixed (boards and postings are made once per request; the check once a week).
 */
export async function seedDemoLifeBoards(communityId: Id): Promise<{ boards: number; postings: number }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { boards: 0, postings: 0 };
  const agent = staff.agentCaller;
  const today = localDay(now());
  const buildings = await buildingsOf(communityId);
  const boardIds = new Map<string, string>();
  for (const b of buildings) {
    const n = b.name.replace(/栋$/, '');
    const board = await boardCreate(agent, { requestId: `demo-board-${String(b._id)}`, name: `${n}号宣传栏`, buildingId: String(b._id), location: `${b.name}一楼大堂入口` });
    boardIds.set(b.name, board.id);
  }
  const gate = await boardCreate(agent, { requestId: 'demo-board-gate', name: '南门宣传栏', location: '小区南门岗亭东侧' });
  const first = (name: string) => boardIds.get(name) ?? gate.id;
  let postings = 0;
  const post = async (requestId: string, input: Omit<Parameters<typeof boardPost>[1], 'requestId' | 'photoIds'>) => {
    postings += (await boardPost(agent, { requestId, photoIds: [], ...input })).length;
  };

  const notice = await Notice.findOne({ communityId, status: 'published' }, { title: 1 }).sort({ publishAt: -1, _id: -1 }).lean();
  if (notice) {
    await post('demo-board-post-notice', { boardIds: [first('1栋'), gate.id], kind: 'notice', noticeId: String(notice._id), postedOn: addDays(today, -2), removeOn: addDays(today, 12) });
  }
  await post('demo-board-post-fire', {
    boardIds: [first('2栋')],
    kind: 'tip',
    title: '冬季防火温馨提示',
    text: '冬季天干物燥，请勿在楼道堆放杂物，电动自行车不进楼入户，离家随手关闭电源燃气。',
    postedOn: addDays(today, -5),
    removeOn: addDays(today, 25),
  });
  await post('demo-board-post-poster', {
    boardIds: [gate.id],
    kind: 'poster',
    title: '迎新春社区联欢活动海报',
    text: '写春联、猜灯谜、包饺子，欢迎业主朋友携家人参加，报名请在小程序“社区活动”中进行。',
    postedOn: addDays(today, -1),
    removeOn: addDays(today, 20),
  });
  // Past their removal day, still up: this week's check lists them.
  await post('demo-board-post-holiday', { boardIds: [first('1栋')], kind: 'tip', title: '国庆假期安全提示', postedOn: addDays(today, -40), removeOn: addDays(today, -20) });
  await post('demo-board-post-elevator', { boardIds: [first('3栋')], kind: 'notice', title: '电梯年检公示', postedOn: addDays(today, -30), removeOn: addDays(today, -3) });

  await boardCheckStart(agent);
  const listed = await boardList(agent, { status: 'active', page: 1, pageSize: 1 });
  return { boards: listed.total, postings };
}
