import { complaintTextProblem, nextComplaintStatus } from '@shared/domain/complaints';

test('When a complaint is described, then 5 to 1,000 characters (trimmed) are accepted, with the message the forms and the contract share', () => {
  expect(complaintTextProblem('  太吵了  ')).toBe('请至少用5个字描述投诉内容');
  expect(complaintTextProblem('楼上太吵了')).toBeNull();
  expect(complaintTextProblem('吵'.repeat(1001))).toBe('投诉内容最多1000字');
});

test('When the transition table is asked, then only the handbook order is allowed and closing needs the follow-up state', () => {
  expect(nextComplaintStatus('received', 'accept')).toBe('accepted');
  expect(nextComplaintStatus('received', 'reply')).toBeNull();
  expect(nextComplaintStatus('replied', 'close')).toBeNull();
  expect(nextComplaintStatus('followup', 'close')).toBe('closed');
  expect(nextComplaintStatus('closed', 'reopen')).toBe('reopened');
  expect(nextComplaintStatus('reopened', 'accept')).toBe('accepted');
});
