import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../cloud/lib/app-error';
import { cellText, decodeBase64, decodeText, readSheet } from '../../cloud/modules/imports/file-reader';
import { writeCsv, writeXlsx } from '../../cloud/modules/imports/file-writer';

const FIXTURES = path.join(__dirname, '../fixtures/imports');

async function badFile(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof AppError && err.code === 'IMPORT.BAD_FILE') return err.message;
    throw err;
  }
  throw new Error('expected IMPORT.BAD_FILE');
}

describe('CSV encodings', () => {
  const text = '楼栋,单元,房号\r\n1栋,1,1502\r\n';

  test('When a CSV is UTF-8, with or without BOM, then it reads as written', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
  });

  test('When a CSV was saved by Excel on Chinese Windows (GBK), then it is detected and read as GB18030', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'units-gbk.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const sheet = await readSheet(bytes, '房屋.csv');
    expect(sheet.format).toBe('csv');
    expect(sheet.rows[0].cells).toEqual(['楼栋*', '单元*', '房号*', '楼层', '建筑面积(㎡)*', '状态']);
    expect(sheet.rows[3]).toEqual({ row: 4, cells: ['2号楼', '1单元', '0201', '2', '98.2', '空置'] });
  });

  test('When a list was saved as Unicode text (UTF-16, tabs), then it is read too', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('楼栋\t单元\t房号\r\n1\t1\t1502\r\n', 'utf16le')]);
    expect((await readSheet(utf16, 'list.txt')).rows).toEqual([
      { row: 1, cells: ['楼栋', '单元', '房号'] },
      { row: 2, cells: ['1', '1', '1502'] },
    ]);
  });

  test('When a CSV has empty rows and quoted cells, then empty rows are skipped and row numbers kept', async () => {
    const csv = Buffer.from('楼栋,单元,房号\n\n"1栋",1,"15,02"\n,,\n2,1,0801\n', 'utf8');
    expect((await readSheet(csv, 'a.csv')).rows).toEqual([
      { row: 1, cells: ['楼栋', '单元', '房号'] },
      { row: 3, cells: ['1栋', '1', '15,02'] },
      { row: 5, cells: ['2', '1', '0801'] },
    ]);
  });
});

describe('XLSX cells', () => {
  test('When cells hold numbers, rich text, formulas, links or dates, then they read as the sheet shows them', () => {
    expect(cellText(1502)).toBe('1502');
    expect(cellText(89.5)).toBe('89.5');
    expect(cellText(330106197001011234)).toBe('3.30106197001011e+17');
    expect(cellText({ richText: [{ text: '1' }, { text: '栋' }] })).toBe('1栋');
    expect(cellText({ formula: 'A1&"栋"', result: '3栋' })).toBe('3栋');
    expect(cellText({ sharedFormula: 'B2', result: 98.2 })).toBe('98.2');
    expect(cellText({ text: '张伟', hyperlink: 'mailto:x@y.z' })).toBe('张伟');
    expect(cellText(new Date(Date.UTC(2026, 10, 27)))).toBe('2026-11-27');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(null)).toBe('');
  });

  test('When an XLSX is read, then only the first sheet counts and empty rows are skipped', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('房屋');
    first.addRow(['楼栋', '单元', '房号', '建筑面积']);
    first.addRow([]);
    first.addRow([{ richText: [{ text: '1栋' }] }, 1, '0801', { formula: '80+9.5', result: 89.5 }]);
    workbook.addWorksheet('说明').addRow(['这张表不读']);
    const bytes = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    expect(await readSheet(bytes, '任意名字')).toEqual({
      format: 'xlsx',
      rows: [
        { row: 1, cells: ['楼栋', '单元', '房号', '建筑面积'] },
        { row: 3, cells: ['1栋', '1', '0801', '89.5'] },
      ],
    });
  });

  test('When our own export is read back, then text columns keep leading zeros', async () => {
    const table = { sheetName: '房屋', header: ['楼栋*', '房号*', '建筑面积(㎡)*'], text: [true, true, false], rows: [['1栋', '0801', 89.5]] };
    for (const bytes of [await writeXlsx(table), writeCsv(table)]) {
      expect((await readSheet(bytes, 'x')).rows[1].cells).toEqual(['1栋', '0801', '89.5']);
    }
  });
});

describe('CSV injection', () => {
  test('When exported text looks like a formula, then the CSV quotes it and the reader reads it back as written', async () => {
    const table = { sheetName: '住户', header: ['姓名', '楼层'], text: [true, false], rows: [['=HYPERLINK("x")', -1], ['@张三', 2]] };
    const bytes = writeCsv(table);
    expect(bytes.toString('utf8')).toContain(`"'=HYPERLINK(""x"")",-1`);
    expect(bytes.toString('utf8')).toContain(`'@张三,2`);
    expect((await readSheet(bytes, 'a.csv')).rows.slice(1).map((r) => r.cells)).toEqual([
      ['=HYPERLINK("x")', '-1'],
      ['@张三', '2'],
    ]);
  });
});

describe('unreadable files', () => {
  test('When a file is not what it claims, old .xls, or not base64, then IMPORT.BAD_FILE explains it in Chinese', async () => {
    expect(await badFile(() => readSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.xls'))).toMatch(/不支持旧版 Excel（\.xls）/);
    expect(await badFile(() => readSheet(Buffer.from('not a zip'), 'a.xlsx'))).toMatch(/无法读取该 Excel 文件/);
    expect(await badFile(() => readSheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.xlsx'))).toMatch(/无法读取该 Excel 文件/);
    expect(await badFile(() => decodeBase64('这不是base64'))).toBe('文件内容编码不正确，请重新选择文件上传');
    expect(await badFile(() => decodeBase64(Buffer.alloc(4 * 1024 * 1024 + 1).toString('base64')))).toMatch(/文件过大（上限 4 MB）/);
  });
});
