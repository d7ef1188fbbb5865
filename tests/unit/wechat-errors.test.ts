import { classifyError, classifyWechatError, fieldFromErrmsg, WechatApiError } from '../../cloud/lib/wechat/client';

describe('fieldFromErrmsg', () => {
  test.each([
    ['argument invalid! data.thing12.value is empty rid: 6561f2a0-1b2c3d4e', 'thing12'],
    ['argument invalid! data.thing1.value invalid', 'thing1'],
    ['argument invalid! data.character_string3.value invalid (character_string must be …)', 'character_string3'],
    ['argument invalid! data.phone_number9.value invalid', 'phone_number9'],
    ['argument invalid! data.thing is not a field of the template', 'thing'],
  ])('When WeChat says "%s", then the field is %s', (errmsg, field) => {
    expect(fieldFromErrmsg(errmsg)).toBe(field);
  });

  test('When the errmsg names no data field, then there is none', () => {
    expect(fieldFromErrmsg('argument invalid! miniprogram_state invalid rid: 1-2')).toBeUndefined();
    expect(fieldFromErrmsg('')).toBeUndefined();
  });
});

describe('classifyWechatError', () => {
  test.each([
    [40029, 'bad-code', false],
    [40163, 'bad-code', false],
    [40037, 'bad-template', false],
    [43101, 'not-subscribed', false],
    [43004, 'not-subscribed', false],
    [47003, 'bad-data', false],
    [45009, 'quota', true],
    [45011, 'quota', true],
    [-1, 'system', true],
    [40001, 'token', true],
    [42001, 'token', true],
    [40013, 'other', false],
    [87014, 'other', false],
  ] as const)('When the errcode is %i, then the kind is %s (retryable: %s)', (errcode, kind, retryable) => {
    expect(classifyWechatError(errcode)).toMatchObject({ kind, retryable });
  });

  test('When 47003 names a field, then the classification carries it', () => {
    expect(classifyWechatError(47003, 'argument invalid! data.amount2.value invalid rid: x')).toEqual({ kind: 'bad-data', retryable: false, field: 'amount2' });
  });

  test('When a WechatApiError is built, then kind, field and retryable are set from the errcode', () => {
    const e = new WechatApiError(47003, 'argument invalid! data.thing12.value is empty', 'subscribeMessage.send');
    expect(e).toMatchObject({ kind: 'bad-data', field: 'thing12', retryable: false, errcode: 47003 });
    expect(classifyError(e)).toEqual({ kind: 'bad-data', field: 'thing12', retryable: false });
    expect(classifyError(new Error('boom'))).toEqual({ kind: 'other', retryable: false });
    expect(new WechatApiError(-1, 'http 502', 'x', { httpStatus: 502 })).toMatchObject({ kind: 'system', retryable: true, transport: { httpStatus: 502 } });
  });
});
