import { redact } from '../../cloud/lib/logger';

test('When a log line holds a mobile number, then it is masked', () => {
  expect(redact('{"err":"Cast failed for value \\"13812341234\\" at path phone"}')).toBe('{"err":"Cast failed for value \\"138****1234\\" at path phone"}');
});

test('When a log line holds an ID number, then it is masked', () => {
  expect(redact('id=330106199001011234 and 33010619900101123X')).toBe('id=3301**********1234 and 3301**********123X');
});

test('When a log line holds other numbers (times, ids, ports), then they are left alone', () => {
  const line = '{"t":"2026-11-27T02:40:00.000Z","requestId":"6b08e13a8d48a54073948a01","id":"ab13812345678cd","port":27017,"ms":12.5,"ts":1796351076562}';
  expect(redact(line)).toBe(line);
});
