/**
 * The BUILT weapp owner pages of the renovation application (owner/pages/renovations,
 * renovation-apply, renovation) in miniprogram-simulate against the real gateway and the demo data
 * (scripts/demo-renovation-apply.ts leaves 张伟's unit free): 张伟 sees no renovation yet, fills the
 * application — a forbidden work ticked shows its rule at once, a word of the description is flagged —,
 * saves the draft, and sees it with its buttons and the signatures still to give.
 * (Each page path is loaded once per file: see weapp-harness.ts.)
 */
import type { Paged } from '@shared/contracts/contract';
import type { RenovationSummary, RenovationView } from '@shared/contracts/renovation.contract';
import { DEFAULT_FORBIDDEN_WORKS } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function mine(token: string): Promise<RenovationSummary[]> {
  const res = await suite.stack.invoke('renovation', 'list', { page: 1, pageSize: 20 }, token);
  if (!res.ok) throw new Error(res.error.code);
  return (res.data as Paged<RenovationSummary>).items;
}

test('When 张伟 applies for a renovation in the mini-program, then the rule of a ticked forbidden work shows at once, the draft is saved and its page shows what is left to do', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner');
  expect(await mine(token)).toEqual([]);

  const list = await suite.sim.openPage(routes.owner.renovations.path);
  await list.waitForText('您还没有装修申请');
  expect(list.findAll('renovations__new')).toHaveLength(1);
  list.unload();

  const form = await suite.sim.openPage(routes.owner.renovationApply.path);
  await form.waitForText('涉及以下行为请勾选');
  expect(form.text()).toContain('1栋1单元1502');
  // Ticking a forbidden work shows its rule in red at once; ticking it again hides it.
  const loadBearing = DEFAULT_FORBIDDEN_WORKS.find((w) => w.key === 'load_bearing')!;
  expect(form.text()).not.toContain(loadBearing.rule);
  await form.tap('renovation-forbidden__head', loadBearing.label);
  await form.waitForText(loadBearing.rule);
  expect(form.findAll('renovation-rule')).toHaveLength(1);
  await form.tap('renovation-forbidden__head', loadBearing.label);
  await suite.sim.waitFor(() => !form.text().includes(loadBearing.rule), 'the rule goes when the work is unticked');
  // A word of the description pointing at a forbidden work is flagged as it is typed.
  await form.type('renovation-form__description', '厨房燃气表移到阳台');
  await form.waitForText('说明中提到“燃气”');
  await form.type('renovation-form__description', '全屋墙面刷漆，更换木地板');
  expect(form.findAll('renovation-form__mention')).toHaveLength(0);

  await form.tap('choice', '客厅');
  await form.tap('choice', '墙面油漆/墙纸');
  await form.tap('choice', '地面铺装');
  await form.type('renovation-form__company', '杭州安居装饰工程有限公司');
  await form.type('renovation-form__foreman', '王建国');
  await form.type('renovation-form__contractor-phone', '13700002222');
  await form.type('renovation-worker__name', '李师傅');
  // A wrong check digit is caught before anything is sent.
  await form.type('renovation-worker__id', '110101199003076510');
  await form.tap('renovation-form__save');
  await suite.sim.waitFor(() => form.findAll('field__error').length > 0, 'the ID number is flagged under its field');
  expect(form.text()).toContain('身份证号');
  expect(await mine(token)).toEqual([]);
  await form.type('renovation-worker__id', '11010119900307651X');
  await form.tap('renovation-form__save');
  await suite.sim.waitFor(() => suite.sim.navigations.some((n) => n.api === 'redirectTo' && (n.url ?? '').includes(routes.owner.renovation.path)), 'the draft opens');
  form.unload();
  const [draft] = await mine(token);
  expect(draft).toMatchObject({ unitLabel: '1栋1单元1502', status: 'draft', company: '杭州安居装饰工程有限公司' });

  const page = await suite.sim.openPage(routes.owner.renovation.path, { id: draft.id });
  await page.waitForText('签署文书');
  const text = page.text();
  expect(text).toContain('草稿');
  expect(text).toContain(draft.no);
  expect(text).toContain('墙面油漆/墙纸、地面铺装');
  // The worker's ID number is masked.
  expect(text).toContain('1101**********651X');
  expect(text).not.toContain('11010119900307651X');
  expect(text).toContain('提交前还需');
  expect(page.findAll('renovation-actions__submit')).toHaveLength(1);
  expect(page.findAll('renovation-actions__edit')).toHaveLength(1);
  // Submitting without the signatures: the server's refusal, naming them.
  await page.tap('renovation-actions__submit');
  await page.waitForText('还需业主签署');
  const detail = await suite.stack.invoke('renovation', 'detail', { renovationId: draft.id }, token);
  expect(detail.ok && (detail.data as RenovationView).status).toBe('draft');
  page.unload();
});
