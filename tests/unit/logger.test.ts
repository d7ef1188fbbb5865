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

test('When a log line holds a mobile number written with +86, spaces or dashes, then it is masked too', () => {
  expect(redact('call +8613912345678 or 8613912345678')).toBe('call +86139****5678 or 86139****5678');
  expect(redact('"phone":"139 1234 5678","alt":"139-1234-5678","cc":"+86 139 1234 5678"')).toBe('"phone":"139****5678","alt":"139****5678","cc":"+86 139****5678"');
});

test('When a log line holds a landline, then its middle digits are masked', () => {
  expect(redact('前台 0571-88886666，分机')).toBe('前台 0571-****6666，分机');
});

test('When a log line holds dates and times written with dashes, then they are left alone', () => {
  const line = '{"day":"2026-12-06","month":"2026-11","range":"09:00-12:00","period":"2026-11-01"}';
  expect(redact(line)).toBe(line);
});
