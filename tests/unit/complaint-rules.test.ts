import { COMPLAINT_MACHINE, COMPLAINT_STATUSES, complaintTextProblem } from '@shared/domain/complaints';

test('When a complaint is described, then 5 to 1,000 characters (trimmed) are accepted, with the message the forms and the contract share', () => {
  expect(complaintTextProblem('  太吵了  ')).toBe('请至少用5个字描述投诉内容');
  expect(complaintTextProblem('楼上太吵了')).toBeNull();
  expect(complaintTextProblem('吵'.repeat(1001))).toBe('投诉内容最多1000字');
});

test('When the transition table is asked, then only the handbook order is allowed and closing needs the follow-up state', () => {
  expect(COMPLAINT_MACHINE.next('received', 'accept')).toBe('accepted');
  expect(COMPLAINT_MACHINE.next('received', 'reply')).toBeNull();
  expect(COMPLAINT_MACHINE.next('replied', 'close')).toBeNull();
  expect(COMPLAINT_MACHINE.next('followup', 'close')).toBe('closed');
  expect(COMPLAINT_MACHINE.next('closed', 'reopen')).toBe('reopened');
  expect(COMPLAINT_MACHINE.next('reopened', 'accept')).toBe('accepted');
});

test('When a complaint is handed to another handler, then only a complaint being handled can be, and its state stays', () => {
  expect(COMPLAINT_MACHINE.next('accepted', 'assign')).toBe('accepted');
  expect(COMPLAINT_MACHINE.next('investigating', 'assign')).toBe('investigating');
  for (const s of COMPLAINT_STATUSES.filter((x) => x !== 'accepted' && x !== 'investigating')) expect(COMPLAINT_MACHINE.next(s, 'assign')).toBeNull();
  expect(COMPLAINT_MACHINE.check('closed', 'assign')).toEqual({
    ok: false,
    refusal: { code: 'COMPLAINT.INVALID_TRANSITION', message: '投诉当前为“已结案”，不能转交（需投诉处于“处理中”、“调查中”）', details: { from: 'closed', event: 'assign' } },
  });
});

test('When a step is out of order, then the refusal names both states in Chinese', () => {
  expect(COMPLAINT_MACHINE.check('received', 'investigate')).toEqual({
    ok: false,
    refusal: {
      code: 'COMPLAINT.INVALID_TRANSITION',
      message: '投诉当前为“待受理”，不能开始调查（变为“调查中”需投诉处于“处理中”）',
      details: { from: 'received', to: 'investigating', event: 'investigate' },
    },
  });
});

test('When the possible steps of each state are asked, then they follow the handbook order', () => {
  expect(COMPLAINT_MACHINE.allowed('received')).toEqual(['accept']);
  expect(COMPLAINT_MACHINE.allowed('accepted')).toEqual(['assign', 'investigate', 'reply']);
  expect(COMPLAINT_MACHINE.allowed('investigating')).toEqual(['assign', 'reply']);
  expect(COMPLAINT_MACHINE.allowed('replied')).toEqual(['followup', 'reopen']);
  expect(COMPLAINT_MACHINE.allowed('followup')).toEqual(['close', 'reopen']);
  expect(COMPLAINT_MACHINE.allowed('closed')).toEqual(['reopen']);
  expect(COMPLAINT_MACHINE.allowed('reopened')).toEqual(['accept']);
});
