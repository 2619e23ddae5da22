/**
 * A table as a file a spreadsheet program opens: XLSX (typed cells: numbers as numbers, days as
 * real dates, the header row bold and frozen, the sheet right to left for Arabic and Kurdish
 * readers) or CSV (RFC 4180 with a byte-order mark, as the audit export writes it). One table
 * definition gives both, so the two downloads of a page never disagree.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export interface SheetColumn {
  /** The column's header, in the reader's language. */
  header: string;
  /** The row field it shows. */
  key: string;
  /** In characters; by default wide enough for the header. */
  width?: number;
  /**
   * text: as given; number: a number cell (`decimals` places shown); date: a calendar day, given
   * as YYYY-MM-DD or as a Date at midnight UTC, written as a real date the program formats.
   */
  kind: 'text' | 'number' | 'date';
  decimals?: number;
}

export type SheetCell = string | number | Date | null | undefined;

export interface Sheet {
  sheetName: string;
  columns: SheetColumn[];
  rows: Record<string, SheetCell>[];
  /** Right to left: the sheet's first column at the right, as Arabic and Kurdish readers expect. */
  dir?: 'ltr' | 'rtl';
}

/** Excel's built-in short date (number format 14), which every program shows in its reader's own way. */
const SHORT_DATE = 'mm-dd-yy';

/** A calendar day as the Date a spreadsheet cell holds (midnight UTC is the day's serial number). */
function dayOf(value: SheetCell): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function cellValue(column: SheetColumn, value: SheetCell): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (column.kind) {
    case 'number':
      return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    case 'date':
      return dayOf(value) ?? String(value);
    default:
      return String(value);
  }
}

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ]. */
function sheetNameOf(name: string): string {
  return (
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet1'
  );
}

/** The table as an XLSX workbook of one sheet. */
export async function xlsxFile(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheetNameOf(sheet.sheetName), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0, rightToLeft: sheet.dir === 'rtl' }],
  });
  worksheet.columns = sheet.columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.width ?? Math.max(10, [...column.header].length + 2),
    style:
      column.kind === 'date'
        ? { numFmt: SHORT_DATE }
        : column.kind === 'number'
          ? { numFmt: column.decimals ? `0.${'0'.repeat(column.decimals)}` : '0' }
          : {},
  }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of sheet.rows) {
    worksheet.addRow(Object.fromEntries(sheet.columns.map((c) => [c.key, cellValue(c, row[c.key])])));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvText(column: SheetColumn, value: SheetCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return column.kind === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'number' && column.decimals !== undefined) return value.toFixed(column.decimals);
  return String(value);
}

/**
 * The table as CSV: RFC 4180 (CRLF, doubled quotes) with a byte-order mark so spreadsheet programs
 * read UTF-8; days as YYYY-MM-DD and numbers with a point, which every program reads back as such;
 * a cell a program would run as a formula is prefixed with an apostrophe.
 */
export function csvFile(sheet: Sheet): string {
  return stringify(
    sheet.rows.map((row) => Object.fromEntries(sheet.columns.map((c) => [c.key, csvText(c, row[c.key])]))),
    {
      columns: sheet.columns.map((c) => ({ key: c.key, header: c.header })),
      header: true,
      bom: true,
      record_delimiter: 'windows',
      escape_formulas: true,
    },
  );
}
