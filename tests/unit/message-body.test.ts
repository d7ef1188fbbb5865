import { linesOf, packLines, packRecipient, recipientOf } from '../../cloud/modules/messaging/messaging.model';

describe("A message's stored lines and recipient (one JSON string each; older messages as sub-documents)", () => {
  test('When lines and a recipient are packed, then reading them back gives the same values, quotes, newlines and NUL included', () => {
    const lines = [
      { label: '欠费项目', value: '物业服务费、车位使用费' },
      { label: '说明', value: '他说"明天"交\n第二行\u0000尾' },
      { label: '', value: '' },
    ];
    const packed = packLines(lines);
    expect(typeof packed).toBe('string');
    expect(linesOf(packed)).toEqual(lines);
    const recipient = { name: '张伟', phone: '13800000001', unitLabel: '1栋1单元1502', openid: 'o_1', oaOpenid: 'oa_1' };
    expect(recipientOf(packRecipient(recipient))).toEqual(recipient);
    expect(recipientOf(packRecipient({ name: '李娜', phone: '' }))).toEqual({ name: '李娜', phone: '' });
  });

  test('When a message was written before (an array of {label, value}, a sub-document), then it reads the same', () => {
    expect(linesOf([{ label: '工单号', value: 'BX1' }])).toEqual([{ label: '工单号', value: 'BX1' }]);
    expect(recipientOf({ name: '王芳', phone: '139', openid: 'o_2' })).toEqual({ name: '王芳', phone: '139', openid: 'o_2' });
  });

  test('When the stored value is missing or not what was written (not JSON, wrong types, __proto__), then reading gives empty lines and an unknown recipient, never a throw', () => {
    for (const bad of [undefined, null, 42, '', '{oops', '"text"', '{"a":1}', { label: 'x' }]) expect(linesOf(bad)).toEqual([]);
    expect(linesOf('[["a"], 7, null, {"label": 1, "value": 2}]')).toEqual([
      { label: 'a', value: '' },
      { label: '1', value: '2' },
    ]);
    for (const bad of [undefined, null, 42, '', 'not json', '[1,2]'] as unknown[]) expect(recipientOf(bad)).toMatchObject({ name: expect.any(String), phone: '' });
    const odd = recipientOf('{"__proto__": {"polluted": true}, "name": 5, "phone": ["1"], "openid": "o_3"}');
    expect(odd).toEqual({ name: '未知用户', phone: '', openid: 'o_3' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
