import { Types } from 'mongoose';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { parseRelation } from '@shared/domain/household';
import { primaryRole } from '@shared/domain/roles';
import { floorOfRoom, normalizeBuildingName, normalizeEntrance, parseUnitCode, parseUnitStatus, unitLabel } from '@shared/domain/units';
import { normalizePlate, normalizeSpaceCode, parseParkingKind } from '@shared/domain/vehicles';
import { toCaller } from '../../cloud/modules/identity/session.service';

describe('phones and names', () => {
  test('When a phone is typed with spaces, dashes or +86, then it is normalized to 11 digits', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('86 13812345678')).toBe('13812345678');
    expect(normalizePhone('0571-88886666')).toBe('057188886666');
  });

  test('When a phone is a mobile or a landline with area code, then it is accepted; anything else is named', () => {
    expect(phoneProblem('13812345678')).toBeUndefined();
    expect(phoneProblem('057188886666')).toBeUndefined();
    expect(phoneProblem('0571-88886666')).toBeUndefined();
    expect(phoneProblem('12812345678')).toMatch(/格式不正确/);
    expect(phoneProblem('1381234567')).toMatch(/格式不正确/);
  });

  test('When a name is too short or has digits, then the problem is named', () => {
    expect(personNameProblem('张伟')).toBeUndefined();
    expect(personNameProblem('阿卜杜·热合曼')).toBeUndefined();
    expect(personNameProblem('张')).toBe('姓名应为2–20个字');
    expect(personNameProblem('张3')).toBe('姓名不能包含数字');
  });
});

describe('ID numbers (GB 11643)', () => {
  test('When the check digit is right, then the number passes (X included, lower case too)', () => {
    expect(idNumberProblem('11010519491231002X')).toBeUndefined();
    expect(idNumberProblem('11010519491231002x')).toBeUndefined();
    expect(idNumberProblem('330106199003071236')).toBeUndefined();
    expect(idNumberProblem('440524188001010014')).toBe('身份证号中的出生日期不正确'); // born before 1900: not a living owner
  });

  test('When the length, the birth date or the check digit is wrong, then each is named', () => {
    expect(idNumberProblem('1101051949123100')).toBe('身份证号应为18位');
    expect(idNumberProblem('110105194902301234')).toBe('身份证号中的出生日期不正确');
    expect(idNumberProblem('110105194912310021')).toBe('身份证号校验位不正确');
  });
});

describe('plates and parking spaces', () => {
  test('When a plate is typed loosely, then it is written the one way: province, letter, dot, rest', () => {
    expect(normalizePlate('浙a12345')).toBe('浙A·12345');
    expect(normalizePlate(' 浙A 12345 ')).toBe('浙A·12345');
    expect(normalizePlate('浙A·D12345')).toBe('浙A·D12345');
    expect(normalizePlate('粤B-8X8X8')).toBe('粤B·8X8X8');
  });

  test('When it is not a plate (no province, letters I/O, wrong length), then undefined', () => {
    expect(normalizePlate('A12345')).toBeUndefined();
    expect(normalizePlate('浙A1234')).toBeUndefined();
    expect(normalizePlate('浙AI2345')).toBeUndefined();
    expect(normalizePlate('浙A1234567')).toBeUndefined();
  });

  test('When a space code or kind is typed loosely, then it is normalized', () => {
    expect(normalizeSpaceCode('b1-15')).toBe('B1-015');
    expect(normalizeSpaceCode('B1 015')).toBe('B1-015');
    expect(normalizeSpaceCode('地下')).toBeUndefined();
    expect(parseParkingKind('产权')).toBe('owned');
    expect(parseParkingKind('月租')).toBe('rented');
    expect(parseParkingKind('借用')).toBeUndefined();
  });
});

describe('unit codes', () => {
  test('When a unit code is written in the ways offices write it, then it reads as building, entrance and room', () => {
    const code = { building: '1栋', entrance: '1', room: '1502' };
    expect(parseUnitCode('1栋1单元1502')).toEqual(code);
    expect(parseUnitCode('1-1-1502')).toEqual(code);
    expect(parseUnitCode('1#1-1502')).toEqual(code);
    expect(parseUnitCode('1号楼1单元1502室')).toEqual(code);
    expect(parseUnitCode('1502')).toBeUndefined();
    expect(unitLabel(code)).toBe('1栋1单元1502');
  });

  test('When building, entrance, status or relation words vary, then they normalize', () => {
    expect(normalizeBuildingName('01')).toBe('1栋');
    expect(normalizeBuildingName('3号楼')).toBe('3栋');
    expect(normalizeBuildingName('A座')).toBe('A座');
    expect(normalizeEntrance('2单元')).toBe('2');
    expect(floorOfRoom('1502')).toBe(15);
    expect(floorOfRoom('0302')).toBe(3);
    expect(parseUnitStatus('已入住')).toBe('occupied');
    expect(parseUnitStatus('别墅')).toBeUndefined();
    expect(parseRelation('家属')).toBe('family');
  });
});

describe('callers', () => {
  const home = new Types.ObjectId();
  const second = new Types.ObjectId();
  const unit = new Types.ObjectId();
  const base = { _id: new Types.ObjectId(), name: '某人', status: 'active' };

  test('When a user holds no role or no community, then they are a guest with no community', () => {
    expect(toCaller({ ...base, roles: [] })).toMatchObject({ roles: ['guest'], communityId: '', communityIds: [], unitIds: [] });
    expect(toCaller({ ...base })).toMatchObject({ roles: ['guest'] });
  });

  test('When an owner-manager works in their second community, then only the manager role and no units apply there', () => {
    const user = { ...base, communityId: home, communityIds: [second], roles: ['owner', 'manager'], unitIds: [unit] };
    expect(toCaller(user)).toMatchObject({ communityId: String(home), roles: ['owner', 'manager'], unitIds: [String(unit)] });
    expect(toCaller(user, { active: second })).toMatchObject({ communityId: String(second), roles: ['manager'], unitIds: [] });
    // A community they do not belong to falls back to the home one.
    expect(toCaller(user, { active: new Types.ObjectId() })).toMatchObject({ communityId: String(home) });
  });

  test('When the home page is chosen, then staff roles come before owner, and guest last', () => {
    expect(primaryRole(['owner', 'technician'])).toBe('technician');
    expect(primaryRole(['guest'])).toBe('guest');
  });
});
