import { localDay, MINUTE_MS } from '@shared/domain/calendar';
import { mongoose } from '../cloud/lib/db';
import { now } from '../cloud/lib/clock';
import { idOfRequest } from '../cloud/lib/idempotent';
import { Unit } from '../cloud/modules/community/community.model';
import { Contact } from '../cloud/modules/desk/contact.model';
import { ReleasePass } from '../cloud/modules/desk/release-pass.model';
import { User } from '../cloud/modules/identity/user.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo call and visit log and 放行条 of 幸福里小区 (desk.md):
 * today — 张伟 called about tomorrow's water cut (answered); 王师傅 of 顺达装饰 came for his workers'
 * passes (a visitor); 李娜 called about a noisy lift in 2栋 (王芳 calls her back within two hours); the
 * 居委会 called about next week's fire inspection (孙涛 follows up tomorrow);
 * 放行条 — 张伟's old sofa leaves today (approved: he is the owner; code DEMA2345 at the gate), and a pass
 * 王芳 recorded for 李娜's 0801 waits for 李娜 to approve it in the mini-program.
 * Written as the desk services would have written them (ids from the request key). Upserted: seeding
 * twice changes nothing.
 */
export async function seedDemoContacts(communityId: Id): Promise<void> {
  const at = now();
  const ago = (minutes: number) => new Date(at.getTime() - minutes * MINUTE_MS);
  const user = async (phone: string) => User.findOne({ communityId, phone }, { name: 1 }).lean();
  const unit = async (label: string) => Unit.findOne({ communityId, label }, { label: 1 }).lean();
  const [agent, manager, zhang, li, u1502, u0801] = await Promise.all([
    user('13800000011'),
    user('13800000041'),
    user('13900001502'),
    user('13900000801'),
    unit('1栋1单元1502'),
    unit('2栋1单元0801'),
  ]);
  if (!agent || !manager || !zhang || !li || !u1502 || !u0801) return;
  const by = { byId: agent._id, byName: agent.name };

  const contacts: Record<string, unknown>[] = [
    {
      key: 'demo-contact-water',
      kind: 'call',
      direction: 'in',
      unitId: u1502._id,
      unitLabel: u1502.label,
      ownerId: zhang._id,
      ownerName: zhang.name,
      phone: '13900001502',
      purpose: '询问明天停水的具体时间，家里老人需要提前储水。',
      result: '已告知明天 9:00–15:00 因二次供水水箱清洗停水，并提醒提前储水；通知已在小程序公告栏发布。',
      at: ago(95),
    },
    {
      key: 'demo-contact-visitor',
      kind: 'visit',
      direction: 'in',
      visitor: { name: '王师傅', company: '顺达装饰', purpose: 'construction' },
      phone: '13600006688',
      purpose: '为 2栋1单元0501 装修办理施工人员出入证（3人）。',
      result: '已核对装修登记和施工人员身份证，发放临时出入证 3 张；提醒施工时间为工作日 8:00–12:00、14:00–18:00。',
      at: ago(60),
    },
    {
      key: 'demo-contact-lift',
      kind: 'call',
      direction: 'in',
      unitId: u0801._id,
      unitLabel: u0801.label,
      ownerId: li._id,
      ownerName: li.name,
      phone: '13900000801',
      purpose: '反映 2栋 1 号电梯运行时有异响，担心安全。',
      result: '已向业主致歉并说明会立即联系电梯维保单位检查。',
      followUp: { dueAt: new Date(at.getTime() + 120 * MINUTE_MS), assigneeId: agent._id, assigneeName: agent.name, note: '联系维保单位确认检查结果后回电李女士' },
      at: ago(25),
    },
    {
      key: 'demo-contact-inspection',
      kind: 'call',
      direction: 'in',
      visitor: { name: '周主任', company: '幸福里社区居委会', purpose: 'government' },
      phone: '0571-86001234',
      purpose: '通知下周三上午社区消防安全检查，需物业配合开放消防控制室。',
      followUp: { dueAt: new Date(at.getTime() + 24 * 60 * MINUTE_MS), assigneeId: manager._id, assigneeName: manager.name, note: '安排人员陪同检查，并提前自查消防通道' },
      at: ago(10),
      byId: manager._id,
      byName: manager.name,
    },
  ];
  for (const { key, ...c } of contacts) {
    const _id = idOfRequest(`${String(c.byId ?? agent._id)}:${String(key)}`);
    const entry: Record<string, unknown> = { ...by, ...c };
    await Contact.collection.updateOne(
      { _id },
      { $setOnInsert: { _id, communityId, requestKey: `${String(entry.byId)}:${String(key)}`, ...entry, followUpOpen: Boolean(c.followUp), day: localDay(entry.at as Date), createdAt: entry.at, updatedAt: entry.at } },
      { upsert: true },
    );
  }

  const today = localDay(at);
  const passes = [
    {
      key: `${String(zhang._id)}:demo-pass-sofa`,
      code: 'DEMA2345',
      unitId: u1502._id,
      unitLabel: u1502.label,
      items: '旧布艺沙发一张、旧床垫一张',
      quantity: 2,
      carrierName: '刘师傅',
      carrierPhone: '13700001111',
      plate: '浙A5D628',
      date: today,
      status: 'approved',
      requestedById: zhang._id,
      requestedByName: zhang.name,
      requestedAs: 'owner',
      approvedById: zhang._id,
      approvedByName: zhang.name,
      approvedAt: ago(120),
      history: [
        { at: ago(120), event: 'create', to: 'pending', byId: zhang._id, byName: zhang.name },
        { at: ago(120), event: 'approve', from: 'pending', to: 'approved', byId: zhang._id, byName: zhang.name },
      ],
      createdAt: ago(120),
    },
    {
      key: `${String(agent._id)}:demo-pass-boxes`,
      code: 'DEM7KQMX',
      unitId: u0801._id,
      unitLabel: u0801.label,
      items: '装修剩余瓷砖 6 箱、旧橱柜门板',
      quantity: 8,
      carrierName: '王师傅',
      carrierPhone: '13600006688',
      date: today,
      status: 'pending',
      requestedById: agent._id,
      requestedByName: agent.name,
      requestedAs: 'staff',
      note: '装修公司来前台申请，需业主在小程序确认',
      history: [{ at: ago(50), event: 'create', to: 'pending', byId: agent._id, byName: agent.name }],
      createdAt: ago(50),
    },
  ];
  for (const { key, ...p } of passes) {
    const _id = idOfRequest(key);
    await ReleasePass.collection.updateOne({ _id }, { $setOnInsert: { _id, communityId, requestKey: key, rev: p.history.length - 1, ...p, updatedAt: p.createdAt } }, { upsert: true });
  }
}
