import { fieldTypeOfKey, fieldValueProblem, type FieldType } from '../../cloud/lib/wechat/fake-server';

test('When a template key has digits, then its type is its letters', () => {
  expect(fieldTypeOfKey('thing12')).toBe('thing');
  expect(fieldTypeOfKey('character_string3')).toBe('character_string');
  expect(fieldTypeOfKey('phone_number9')).toBe('phone_number');
  expect(fieldTypeOfKey('thing')).toBe('thing');
  expect(fieldTypeOfKey('weird5')).toBeUndefined();
});

const ok: [FieldType, string][] = [
  ['thing', '厨房水管漏水，请尽快上门处理维修谢谢'],
  ['thing', '一二三四五六七八九十一二三四五六七八九十'],
  ['phrase', '已完成'],
  ['phrase', '待处理中啊'],
  ['character_string', 'BX-20261127.0001@a_b'],
  ['amount', '128.50元'],
  ['amount', '¥1024'],
  ['amount', '30'],
  ['time', '2026-11-27 10:30'],
  ['time', '10:30'],
  ['time', '2026年11月27日 10:30'],
  ['time', '2026-11-27 10:30 ~ 2026-11-27 12:00'],
  ['date', '2026-11-27'],
  ['date', '2026年11月27日'],
  ['date', '2026年11月27日 10:30'],
  ['phone_number', '0571-88886666'],
  ['phone_number', '+8613800138000'],
  ['car_number', '浙A12345'],
  ['car_number', '浙AD12345'],
  ['name', '张伟'],
  ['name', 'Zhang Wei'],
  ['number', '1502'],
  ['letter', 'ABC'],
  ['symbol', '★'],
];
test.each(ok)('When a %s is "%s", then WeChat accepts it', (type, value) => {
  expect(fieldValueProblem(type, value)).toBeNull();
});

const bad: [FieldType, string][] = [
  ['thing', ''],
  ['thing', '一二三四五六七八九十一二三四五六七八九十一'],
  ['phrase', 'done'],
  ['phrase', '已完成了吗啊'],
  ['phrase', '已完成1'],
  ['character_string', '工单一'],
  ['character_string', 'A'.repeat(33)],
  ['amount', '一百元'],
  ['amount', '12.345'],
  ['time', '明天上午'],
  ['time', '2026-11-27T10:30:00Z'],
  ['date', '11/27/2026'],
  ['phone_number', '电话13800138000'],
  ['phone_number', '1'.repeat(18)],
  ['car_number', '浙A 12345'],
  ['car_number', '浙A1234567'],
  ['name', '欧阳一二三四五六七八九'],
  ['name', '张Wei'],
  ['number', '12a'],
  ['letter', 'abc1'],
  ['symbol', 'ab'],
];
test.each(bad)('When a %s is "%s", then WeChat refuses it', (type, value) => {
  expect(fieldValueProblem(type, value)).not.toBeNull();
});
