/**
 * The BUILT weapp owner pages of 验房 and papers (owner/pages/movein-defects, owner/pages/movein-docs)
 * in miniprogram-simulate against the real gateway and the demo community: a new buyer of a unit of
 * 幸福里小区 whose flat was inspected with one defect sees it with its 维保 repair and opens the repair;
 * on 入住资料 they see the 身份证 they uploaded (kind, count, time — no image) and the form for the
 * 购房合同 they have not. (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import { Types } from 'mongoose';
import { DEFAULT_REQUIRED_STEPS, stepsFor } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { Building, Community, Unit } from '../../cloud/modules/community/community.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { linkWechat, makeOwner, makeUser } from '../helpers/factories';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

async function data<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

let buyerCode: () => string;
let buyerToken = '';
let moveInId = '';
let repairId = '';

beforeAll(async () => {
  const community = (await Community.findOne({ code: 'xingfuli' }).lean())!;
  const building = await Building.create({ communityId: community._id, name: '验房测试楼', floors: 10 });
  const unit = await Unit.create({ communityId: community._id, buildingId: building._id, entrance: '1', room: '0901', label: '验房测试楼1单元0901', floor: 9, areaM2: 96, status: 'vacant' });
  const buyer = await makeOwner(community._id, [unit._id], '周新房', '13977770901');
  const openid = await linkWechat(buyer._id);
  buyerCode = () => suite.stack.wechat.mintCode(openid);
  const agent = await makeUser(community._id, { roles: ['agent'], name: '验房客服' });
  const agentToken = await suite.stack.login(suite.stack.wechat.mintCode(await linkWechat(agent._id)));
  const c = await MoveIn.create({
    communityId: community._id,
    unitId: unit._id,
    buildingId: building._id,
    unitLabel: unit.label,
    kind: 'single',
    openKey: String(unit._id),
    requestKey: `weapp:${String(new Types.ObjectId())}`,
    buyer: { name: '周新房', phone: '13977770901' },
    ownerUserId: buyer._id,
    status: 'in_progress',
    steps: stepsFor(DEFAULT_REQUIRED_STEPS),
  });
  moveInId = String(c._id);
  const photo = await data<{ id: string }>(suite.stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG }, agentToken));
  const view = await data<{ defects: { repair?: { id: string } }[] }>(
    suite.stack.invoke(
      'movein',
      'submitInspection',
      {
        moveInId,
        requestId: 'weapp-inspection-1',
        checks: [
          { room: 'livingRoom', item: 'surfaces', ok: true },
          { room: 'bathroom', item: 'waterproofing', ok: false },
        ],
        defects: [{ room: 'bathroom', item: 'waterproofing', description: '淋浴区墙脚渗水', photoIds: [photo.id] }],
      },
      agentToken,
    ),
  );
  repairId = view.defects[0].repair!.id;
});

beforeEach(async () => {
  await suite.sim.settle();
  suite.sim.navigations.length = 0;
  suite.sim.requests.length = 0;
  buyerToken = (await suite.loginAs(buyerCode())).token;
});

test('When the buyer opens 验房问题, then the defect shows with its repair, and tapping it opens the repair', async () => {
  const page = await suite.sim.openPage(routes.owner.moveinDefects.path);
  await page.waitForText('淋浴区墙脚渗水');
  expect(page.text()).toContain('验房测试楼1单元0901');
  expect(page.text()).toContain('卫生间 · 防水 · 渗漏');
  expect(page.text()).toContain('共 1 处问题');
  expect(page.findAll('movein-defect')).toHaveLength(1);
  await page.tap('movein-defect');
  await suite.sim.waitFor(() => suite.sim.navigations.length === 1, 'the way to the repair');
  expect(suite.sim.navigations[0]).toEqual({ api: 'navigateTo', url: routes.owner.repair.url({ id: repairId }) });
  expect(suite.sim.requests.every((r) => r.status === 200)).toBe(true);
  page.unload();
});

test('When the buyer opens 入住资料 after uploading the 身份证, then it shows as uploaded without any image, and the 购房合同 asks for photos first', async () => {
  const photos = [];
  for (let i = 0; i < 2; i++) photos.push((await data<{ id: string }>(suite.stack.invoke('files', 'upload', { purpose: 'paper', fileName: `id${i}.png`, contentBase64: PNG }, buyerToken))).id);
  await data(suite.stack.invoke('movein', 'uploadPaper', { moveInId, requestId: 'weapp-paper-1', kind: 'idCard', fileIds: photos }, buyerToken));

  const page = await suite.sim.openPage(routes.owner.moveinDocs.path);
  await page.waitForText('已上传');
  expect(page.text()).toContain('仅供物业工作人员办理入住时核对');
  expect(page.text()).toContain('2 张照片');
  expect(page.text()).toContain('重新上传');
  // The uploaded paper's photos are never shown back (no image on the page).
  expect(page.findAll('photo-picker__thumb')).toHaveLength(0);
  const answer = JSON.stringify(suite.sim.requests.filter((r) => r.action === 'myPapers').map((r) => r.body));
  for (const id of photos) expect(answer).not.toContain(id);
  // The contract not uploaded yet: submitting without photos is stopped on the page.
  expect(page.text()).toContain('未上传');
  await page.tap('movein-paper__submit', '提交购房合同');
  await page.waitForText('请先拍照或从相册选择照片');
  expect(suite.sim.requests.some((r) => r.action === 'uploadPaper')).toBe(false);
  page.unload();
});
