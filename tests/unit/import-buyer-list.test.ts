import type { SheetRow } from '../../cloud/modules/imports/file-reader';
import { matchHeader } from '../../cloud/modules/imports/import-columns';
import { parseRows } from '../../cloud/modules/imports/import-rows';

/**
 * A property developer's buyer list (开发商购房人名单) is imported as 住户 (movein.md "Batches and
 * bookings"): 房号 (the whole unit code), 购房人 / 业主姓名, 联系电话 / 手机, 身份证号 — no 关系 column.
 */
const sheet = (header: string[], ...rows: string[][]): SheetRow[] => [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));

describe('developer buyer lists', () => {
  test('When a list has 房号, 购房人, 联系电话 and 身份证号, then it matches the 住户 columns with the unit code from 房号', () => {
    expect(matchHeader('residents', ['序号', '房号', '购房人', '联系电话', '身份证号', '签约日期'])).toEqual({
      ok: true,
      unitBy: 'code',
      ownerList: true,
      columns: { unitCode: 1, name: 2, phone: 3, idNumber: 4 },
    });
  });

  test('When the rows are read, then every buyer is an owner (业主) of the unit written in 房号', () => {
    const parsed = parseRows(
      'residents',
      sheet(['房屋', '业主姓名', '手机', '身份证号码'], ['8栋1单元0302', '王丽', '13800008302', '330106198805051232'], ['8-1-0401', '陈刚', '13800008401', '']),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => ({ room: r.code.room, name: r.name, relation: r.relation, phone: r.phone, idNumber: r.idNumber }))).toEqual([
      { room: '0302', name: '王丽', relation: 'owner', phone: '13800008302', idNumber: '330106198805051232' },
      { room: '0401', name: '陈刚', relation: 'owner', phone: '13800008401', idNumber: undefined },
    ]);
  });

  test('When the buyer list uses 楼栋, 单元, 房号 columns and 购房人姓名 / 电话, then they match too', () => {
    const m = matchHeader('residents', ['楼栋', '单元', '房号', '购房人姓名', '电话']);
    expect(m).toEqual({ ok: true, unitBy: 'parts', ownerList: true, columns: { building: 0, entrance: 1, room: 2, name: 3, phone: 4 } });
  });

  test('When an ordinary 住户 list has 姓名 but no 关系, then 关系 is still required', () => {
    const m = matchHeader('residents', ['房屋编号', '姓名', '手机号']);
    expect(m.ok).toBe(false);
    expect(m.ok ? [] : m.missing).toEqual(['关系']);
  });

  test('When a buyer list has its own 关系 column, then the column decides', () => {
    const parsed = parseRows('residents', sheet(['房号', '购房人', '关系', '手机'], ['8栋1单元0302', '王小丽', '家庭成员', '13800008303']));
    expect(parsed.rows[0]?.relation).toBe('family');
  });
});
