import { Types } from 'mongoose';
import { idSharer } from '../../cloud/lib/db';

describe('idSharer (one id object per value for jobs that hold many documents)', () => {
  test('When equal ids arrive as different objects, then the first one is returned for all; other values and undefined pass through', () => {
    const share = idSharer<Types.ObjectId>();
    const a = new Types.ObjectId();
    const b = new Types.ObjectId();
    const first = share(a);
    expect(first).toBe(a);
    expect(share(new Types.ObjectId(a.toHexString()))).toBe(a);
    expect(share(b)).toBe(b);
    expect(share(undefined)).toBeUndefined();
  });
});
