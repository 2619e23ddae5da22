import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parseCsv } from '../support/csv.js';
import { csvFile, xlsxFile, type Sheet } from '../../server/exports/spreadsheet.js';

const sheet: Sheet = {
  sheetName: 'Calls: week 49/2026',
  columns: [
    { header: 'Week starting', key: 'week', kind: 'date' },
    { header: 'Procurement system', key: 'tenant', kind: 'text', width: 30 },
    { header: 'Calls', key: 'calls', kind: 'number' },
    { header: 'Median hours', key: 'median', kind: 'number', decimals: 1 },
  ],
  rows: [
    { week: '2026-11-30', tenant: 'Vietnam', calls: 12, median: 3.25 },
    { week: '2026-11-30', tenant: '=HYPERLINK("x")', calls: 0, median: null },
  ],
};

async function read(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('spreadsheet files', () => {
  it('writes an XLSX sheet with typed cells: numbers, real dates, text left as text', async () => {
    const ws = await read(await xlsxFile(sheet));
    assert.equal(ws.name, 'Calls  week 49 2026');
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), [
      'Week starting',
      'Procurement system',
      'Calls',
      'Median hours',
    ]);
    const week = ws.getCell('A2').value;
    assert.ok(week instanceof Date);
    assert.equal(week.toISOString(), '2026-11-30T00:00:00.000Z');
    assert.equal(ws.getCell('A2').numFmt, 'mm-dd-yy');
    assert.equal(ws.getCell('B2').value, 'Vietnam');
    assert.equal(ws.getCell('C2').value, 12);
    assert.equal(ws.getCell('D2').value, 3.25);
    assert.equal(ws.getCell('D2').numFmt, '0.0');
    // A text that looks like a formula stays a text (no formula cell).
    assert.equal(ws.getCell('B3').value, '=HYPERLINK("x")');
    assert.equal(ws.getCell('D3').value, null);
    assert.equal(ws.getColumn(2).width, 30);
  });

  it('makes the header row bold and frozen, the sheet right to left when asked', async () => {
    const ltr = await read(await xlsxFile(sheet));
    assert.equal(ltr.getRow(1).font?.bold, true);
    assert.equal(ltr.views[0]?.state, 'frozen');
    assert.equal((ltr.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(ltr.views[0]?.rightToLeft, false);
    const rtl = await read(await xlsxFile({ ...sheet, dir: 'rtl' }));
    assert.equal(rtl.views[0]?.rightToLeft, true);
  });

  it('writes the same table as CSV: headers, days as YYYY-MM-DD, formulas defused, a byte-order mark', () => {
    const csv = csvFile(sheet);
    assert.ok(csv.startsWith('\ufeff'));
    assert.match(csv, /\r\n/);
    const rows = parseCsv(csv);
    assert.deepEqual(rows, [
      ['Week starting', 'Procurement system', 'Calls', 'Median hours'],
      ['2026-11-30', 'Vietnam', '12', '3.3'],
      ['2026-11-30', '\'=HYPERLINK("x")', '0', ''],
    ]);
  });
});
