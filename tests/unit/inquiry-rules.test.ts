import {
  DEFAULT_INQUIRY_PROMISES,
  INQUIRY_MACHINE,
  INQUIRY_STATUSES,
  INQUIRY_TOPICS,
  inquiryDeadlines,
  inquiryPromiseProblem,
  inquiryTextProblem,
  promiseText,
} from '@shared/domain/desk';

test('When a question is described, then 4 to 500 characters (trimmed) are accepted, with the message the forms and the contract share', () => {
  expect(inquiryTextProblem('   ')).toBe('请至少用4个字描述您的问题');
  expect(inquiryTextProblem(' 停车收费 ')).toBeNull();
  expect(inquiryTextProblem('问'.repeat(500))).toBeNull();
  expect(inquiryTextProblem('问'.repeat(501))).toBe('咨询内容最多500字');
});

test('When the transition table is asked, then an inquiry is acknowledged, answered and rated once, in that order', () => {
  expect(INQUIRY_MACHINE.next('received', 'acknowledge')).toBe('acknowledged');
  expect(INQUIRY_MACHINE.next('acknowledged', 'acknowledge')).toBeNull();
  // An answer straight away is allowed (it is the first response too).
  expect(INQUIRY_MACHINE.next('received', 'answer')).toBe('answered');
  expect(INQUIRY_MACHINE.next('acknowledged', 'answer')).toBe('answered');
  expect(INQUIRY_MACHINE.next('answered', 'answer')).toBeNull();
  // Stars only after the answer, and once.
  for (const s of INQUIRY_STATUSES.filter((x) => x !== 'answered')) expect(INQUIRY_MACHINE.next(s, 'rate')).toBeNull();
  expect(INQUIRY_MACHINE.next('answered', 'rate')).toBe('rated');
  expect(INQUIRY_MACHINE.check('rated', 'rate')).toEqual({
    ok: false,
    refusal: { code: 'INQUIRY.INVALID_TRANSITION', message: '咨询当前为“已评价”，不能评价（变为“已评价”需咨询处于“已答复”）', details: { from: 'rated', to: 'rated', event: 'rate' } },
  });
});

test('When an inquiry is converted, handed on or closed, then only open or answered ones can be, and a converted one stays converted', () => {
  expect(INQUIRY_MACHINE.next('received', 'toRepair')).toBe('toRepair');
  expect(INQUIRY_MACHINE.next('answered', 'toComplaint')).toBe('toComplaint');
  expect(INQUIRY_MACHINE.allowed('toRepair')).toEqual([]);
  expect(INQUIRY_MACHINE.allowed('toComplaint')).toEqual([]);
  expect(INQUIRY_MACHINE.allowed('closed')).toEqual([]);
  expect(INQUIRY_MACHINE.allowed('rated')).toEqual([]);
  expect(INQUIRY_MACHINE.next('acknowledged', 'assign')).toBe('acknowledged');
  expect(INQUIRY_MACHINE.next('answered', 'assign')).toBeNull();
  expect(INQUIRY_MACHINE.allowed('received')).toEqual(['acknowledge', 'assign', 'answer', 'toRepair', 'toComplaint', 'close']);
});

test('When the default promises are read, then every topic has one, acknowledged within minutes and answered within hours', () => {
  expect(Object.keys(DEFAULT_INQUIRY_PROMISES).sort()).toEqual([...INQUIRY_TOPICS].sort());
  for (const t of INQUIRY_TOPICS) {
    expect(inquiryPromiseProblem(DEFAULT_INQUIRY_PROMISES[t])).toBeNull();
    expect(DEFAULT_INQUIRY_PROMISES[t].ackMinutes).toBeLessThanOrEqual(30);
  }
});

test('When a promise is set, then the acknowledgement takes 5 minutes to a day, the answer 1 hour to 30 days, and never before the acknowledgement', () => {
  expect(inquiryPromiseProblem({ ackMinutes: 5, answerHours: 1 })).toBeNull();
  expect(inquiryPromiseProblem({ ackMinutes: 4, answerHours: 1 })).toBe('受理时限应为5～1440分钟');
  expect(inquiryPromiseProblem({ ackMinutes: 1441, answerHours: 48 })).toBe('受理时限应为5～1440分钟');
  expect(inquiryPromiseProblem({ ackMinutes: 30, answerHours: 0 })).toBe('答复时限应为1～720小时');
  expect(inquiryPromiseProblem({ ackMinutes: 30, answerHours: 721 })).toBe('答复时限应为1～720小时');
  expect(inquiryPromiseProblem({ ackMinutes: 30.5, answerHours: 2 })).toBe('受理时限应为5～1440分钟');
  expect(inquiryPromiseProblem({ ackMinutes: 120, answerHours: 1 })).toBe('受理时限不能晚于答复时限');
});

test('When an inquiry is received, then its deadlines are the promise from that moment, and owners read the promise in plain words', () => {
  const at = new Date('2026-11-27T02:00:00Z');
  expect(inquiryDeadlines(at, { ackMinutes: 30, answerHours: 24 })).toEqual({ ack: new Date('2026-11-27T02:30:00Z'), answer: new Date('2026-11-28T02:00:00Z') });
  expect(promiseText(15)).toBe('15分钟');
  expect(promiseText(120)).toBe('2小时');
  expect(promiseText(24 * 60)).toBe('1天');
  expect(promiseText(48 * 60)).toBe('2天');
  expect(promiseText(90)).toBe('1小时30分钟');
});
