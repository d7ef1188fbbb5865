import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../cloud/lib/app-error';
import { cellText, decodeBase64, decodeText, READ_LIMITS, readSheet, type SheetRow } from '../../cloud/modules/imports/file-reader';
import { writeCsv, writeXlsx } from '../../cloud/modules/imports/file-writer';
import { craftXlsx, craftZip, sheetOfRows } from '../helpers/crafted-xlsx';

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

/** How the reader before streaming read an XLSX (ExcelJS loads the whole workbook): the oracle of what the sheet shows. */
async function readWithExcelJs(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const rows: SheetRow[] = [];
  workbook.worksheets[0].eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values : [];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (!cells.every((c) => c.trim() === '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** Cells as the import reads them: trailing empty cells mean nothing. */
function trimmed(rows: SheetRow[]): SheetRow[] {
  return rows.map(({ row, cells }) => {
    let end = cells.length;
    while (end > 0 && cells[end - 1] === '') end--;
    return { row, cells: cells.slice(0, end) };
  });
}

describe('XLSX streaming reader', () => {
  test('When a workbook holds every kind of cell, merged titles and columns, then the streaming reader reads what ExcelJS read', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('房屋');
    sheet.getCell('A1').value = '幸福里小区 房屋清单';
    sheet.mergeCells('A1:F1');
    sheet.addRow(['楼栋', '单元', '房号', '建筑面积', '入住日期', '备注']);
    sheet.addRow([{ richText: [{ text: '1' }, { text: '栋', font: { bold: true } }] }, 1, '0101', 89.5, new Date(Date.UTC(2020, 4, 1)), true]);
    sheet.addRow([null, 1, '0102', { formula: 'D3+10', result: 99.5 }, null, { error: '#N/A' }]);
    sheet.mergeCells('A3:A4');
    sheet.addRow(['2栋', { formula: '1+1', result: 2 }, { text: '0201', hyperlink: 'https://example.com' }, 330106197001011234, { formula: 'TODAY()', result: new Date(Date.UTC(2026, 10, 27)) }, ' 两边有空格 ']);
    sheet.addRow(['3栋', { sharedFormula: 'B5', result: 3 }, '0301', -0.25, '=不是公式', false]);
    sheet.getCell('E3').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.getCell('D6').numFmt = '0.00%';
    sheet.getCell('H6').value = '远处的单元格';
    sheet.addRow([]);
    sheet.addRow(['   ']);
    sheet.addRow(['5栋', '1', 'A\nB', 'x & <y>', '"引号"', '\u4e2d\u6587']);
    workbook.addWorksheet('说明').addRow(['这张表不读']);
    const bytes = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);

    const expected = await readWithExcelJs(bytes);
    const sheetRead = await readSheet(bytes, 'x.xlsx');
    expect(trimmed(sheetRead.rows)).toEqual(trimmed(expected));
    // And what that is, so the oracle itself is checked.
    expect(sheetRead.rows.map((r) => r.cells.join('|'))).toEqual([
      Array(6).fill('幸福里小区 房屋清单').join('|'),
      '楼栋|单元|房号|建筑面积|入住日期|备注',
      '1栋|1|0101|89.5|2020-05-01|是',
      '1栋|1|0102|99.5||#N/A',
      '2栋|2|0201|3.30106197001011e+17|2026-11-27|两边有空格',
      '3栋|3|0301|-0.25|=不是公式|否||远处的单元格',
      '5栋|1|A\nB|x & <y>|"引号"|中文',
    ]);
  });

  test('When a sheet is written as other producers write it, then inline strings, phonetic guides, escapes, prefixes and 1904 dates read as shown', async () => {
    const bytes = await craftXlsx({
      workbookPr: 'date1904="1"',
      sharedStrings:
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>楼栋</t></si>' +
        '<si><t>张</t><rPh sb="0" eb="1"><t>ちょう</t></rPh></si><si><r><t xml:space="preserve"> 1</t></r><r><rPr><b/></rPr><t>栋 </t></r></si>' +
        '<si><t>第一行_x000D_第二行</t></si></sst>',
      styles:
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d"/></numFmts>' +
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="14"/></cellXfs></styleSheet>',
      sheet:
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
        '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>单元</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>房</x:t></x:r><x:r><x:t>号</x:t></x:r></x:is></x:c></x:row>' +
        '<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c s="2"><x:v>44000</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>' +
        '<x:row r="7"><x:c r="C7" t="str"><x:f>A1&amp;"号"</x:f><x:v>3号</x:v></x:c><x:c r="D7"><x:f>1/0</x:f></x:c><x:c r="E7" t="d"><x:v>2026-11-27T00:00:00Z</x:v></x:c><x:c r="F7" t="b"><x:v>1</x:v></x:c><x:c r="G7"><![CDATA[ignored]]></x:c></x:row>' +
        '</x:sheetData></x:worksheet>',
    });
    expect((await readSheet(bytes, 'x.xlsx')).rows).toEqual([
      { row: 2, cells: ['楼栋', '单元', '房号'] },
      { row: 3, cells: ['1栋', '1904-01-01', '2024-06-19', '张', '第一行\r第二行'] },
      { row: 7, cells: ['', '', '3号', '', '2026-11-27', '是'] },
    ]);
  });
});

describe('bounded reading', () => {
  const limits = { ...READ_LIMITS, maxRows: 100 };
  const row = (n: number) => `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>行${n}</t></is></c></row>`;

  test('When a sheet has more data rows than the limit, then reading stops there: the broken XML further down is never reached', async () => {
    // 100,000 rows, then a part that is not XML: a reader that went on would call the file unreadable.
    const bytes = await craftXlsx({ sheet: sheetOfRows(100_000, row, '<<< not xml') });
    expect(await badFile(() => readSheet(bytes, 'a.xlsx', limits))).toBe('数据行过多（超过上限 100 行），请拆分后分批导入');
    // Within the limit the same layout reads fine (and the broken tail is seen).
    const small = await craftXlsx({ sheet: sheetOfRows(101, row) });
    expect((await readSheet(small, 'a.xlsx', limits)).rows).toHaveLength(101);
    expect(await badFile(() => craftXlsx({ sheet: sheetOfRows(10, row, '<<< not xml') }).then((b) => readSheet(b, 'a.xlsx', limits)))).toMatch(/无法读取该 Excel 文件/);
  });

  test('When merged cells fill rows past the limit, then the merge counts against it too', async () => {
    const bytes = await craftXlsx({ sheet: sheetOfRows(2, row, '<mergeCells><mergeCell ref="A2:A5000"/></mergeCells>') });
    expect(await badFile(() => readSheet(bytes, 'a.xlsx', limits))).toMatch(/数据行过多/);
  });

  test('When a CSV has more data rows than the limit, then reading stops there, before a broken quote further down', async () => {
    const lines = ['楼栋,单元,房号', ...Array.from({ length: 20_001 }, (_, i) => `1,1,${i}`), '"never closed'];
    expect(await badFile(() => readSheet(Buffer.from(lines.join('\n')), 'a.csv'))).toBe('数据行过多（超过上限 20000 行），请拆分后分批导入');
    const exactly = ['楼栋,单元,房号', ...Array.from({ length: 20_000 }, (_, i) => `1,1,${i}`), '', ',,'];
    expect((await readSheet(Buffer.from(exactly.join('\n')), 'a.csv')).rows).toHaveLength(20_001);
  });

  test('When the parts of an XLSX declare more than the unpacked cap in total, then it is refused before anything is inflated', async () => {
    const part = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
    // Every part declares 40 MB: none alone passes 64 MB, together they do.
    const bytes = await craftZip([
      { name: 'xl/worksheets/sheet1.xml', data: part, declaredSize: 40 * 1024 * 1024 },
      { name: 'xl/media/image1.png', data: 'x', declaredSize: 40 * 1024 * 1024 },
    ]);
    expect(await badFile(() => readSheet(bytes, 'a.xlsx'))).toMatch(/^Excel 文件解压后过大（上限 64 MB）/);
  });

  test('When a part inflates to more than its header declares (a zip bomb), then inflating stops at the declared size', async () => {
    const bytes = await craftXlsx({ sheet: sheetOfRows(50_000, row), declare: { sheet: 1000 } });
    expect(await badFile(() => readSheet(bytes, 'a.xlsx'))).toMatch(/^Excel 文件解压后过大/);
    // The same file with honest headers is read (to the row limit).
    const honest = await craftXlsx({ sheet: sheetOfRows(50_000, row) });
    expect(await badFile(() => readSheet(honest, 'a.xlsx', limits))).toMatch(/数据行过多/);
  });

  test('When a zip is truncated, encrypted or uses unknown compression, then it is an unreadable Excel file', async () => {
    const good = await writeXlsx({ sheetName: 's', header: ['楼栋'], text: [true], rows: [['1']] });
    const unreadable = /无法读取该 Excel 文件/;
    expect(await badFile(() => readSheet(good.subarray(0, good.length - 30), 'a.xlsx'))).toMatch(unreadable);
    const encrypted = Buffer.from(good);
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    for (let at = central; at >= 0; at = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) encrypted.writeUInt16LE(1, at + 8);
    expect(await badFile(() => readSheet(encrypted, 'a.xlsx'))).toMatch(unreadable);
    const lzma = Buffer.from(good);
    for (let at = central; at >= 0; at = lzma.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) lzma.writeUInt16LE(14, at + 10);
    expect(await badFile(() => readSheet(lzma, 'a.xlsx'))).toMatch(unreadable);
  });

  test('When a file is over the byte limit, then it is refused whatever its format', async () => {
    const small = { ...READ_LIMITS, maxBytes: 1024 };
    expect(await badFile(() => readSheet(Buffer.alloc(2048, 'a'), 'a.csv', small))).toMatch(/文件过大/);
    const xlsx = await craftXlsx({ sheet: sheetOfRows(1000, row) });
    expect(await badFile(() => readSheet(xlsx, 'a.xlsx', small))).toMatch(/文件过大/);
  });
});
