import { DEFAULT_FORBIDDEN_WORKS, forbiddenMentions, missingSignatures, missingSignatureText, plannedDatesProblem, renovationActions } from '@shared/domain/renovation';

/** The application's pure rules (renovation.md "Application"). */

test('When a description mentions 承重墙, 外立面 or 燃气, then forbiddenMentions flags those works of the list with the words found', () => {
  const hits = forbiddenMentions('客厅与餐厅之间的 承重墙 开门洞，阳台外立面加装雨棚，燃气表移位', DEFAULT_FORBIDDEN_WORKS);
  expect(hits.map((h) => [h.key, h.words])).toEqual([
    ['load_bearing', ['承重墙']],
    ['facade', ['外立面']],
    ['gas_pipe', ['燃气']],
  ]);
  expect(hits[0].rule).toContain('承重墙');
  expect(forbiddenMentions('全屋墙面刷乳胶漆，更换木地板', DEFAULT_FORBIDDEN_WORKS)).toEqual([]);
  expect(forbiddenMentions('', DEFAULT_FORBIDDEN_WORKS)).toEqual([]);
});

test('When the community took a work off its list, then its words are not flagged; a custom work is flagged by its label', () => {
  const list = [{ key: 'satellite', label: '安装卫星天线', rule: '不得在屋面和外墙安装卫星天线', exceptionAllowed: false }];
  expect(forbiddenMentions('拆除剪力墙，安装卫星天线', list).map((h) => [h.key, h.words])).toEqual([['satellite', ['安装卫星天线']]]);
});

test('When planned dates are checked, then a past start, an end before the start and more than 180 days are refused on their field', () => {
  const today = '2026-03-10';
  expect(plannedDatesProblem('2026-03-09', '2026-04-01', today)?.path).toBe('plannedStart');
  expect(plannedDatesProblem('2026-03-12', '2026-03-11', today)?.path).toBe('plannedEnd');
  expect(plannedDatesProblem('2026-03-10', '2026-03-10', today)).toBeUndefined();
  // 180 days inclusive is the longest.
  expect(plannedDatesProblem('2026-03-10', '2026-09-05', today)).toBeUndefined();
  expect(plannedDatesProblem('2026-03-10', '2026-09-06', today)?.path).toBe('plannedEnd');
});

test('When signatures are checked, then each paper needs the owner and the contractor, named in order', () => {
  expect(missingSignatures([])).toHaveLength(4);
  const m = missingSignatures([
    { paper: 'pledge', signer: 'owner' },
    { paper: 'agreement', signer: 'owner' },
  ]);
  expect(missingSignatureText(m)).toBe('施工单位负责人签署《装修施工责任承诺书》、施工单位负责人签署《装修管理协议书》');
});

test('When the detail lists the actions, then they are the events the state allows for the roles', () => {
  expect(renovationActions('draft', ['owner'])).toEqual(['submit', 'cancel']);
  expect(renovationActions('reviewed', ['agent'])).toEqual(['return', 'cancel']);
  expect(renovationActions('reviewed', ['manager'])).toEqual(['return', 'approve', 'cancel']);
  expect(renovationActions('in_progress', ['owner'])).toEqual(['applyAcceptance']);
  expect(renovationActions('closed', ['manager'])).toEqual([]);
});
