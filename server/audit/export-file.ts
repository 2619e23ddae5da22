/**
 * An audit export as a file: CSV (RFC 4180, with a byte-order mark for spreadsheet programs) or
 * JSON, named after the tenant and the day of the export in its time zone.
 */
import { stringify } from 'csv-stringify/sync';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { ExportedEntries } from './read.js';
import { EXPORT_CAP, type AuditRecord } from './search.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';

const CSV_COLUMNS = [
  'seq',
  'at',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'summary',
  'request_id',
  'client_address',
  'entry_hash',
  'block_no',
] as const;

export interface ExportFile {
  name: string;
  /** Set when more entries matched than the file holds. */
  truncatedAt?: number;
  /** JSON answers a value; CSV a text. */
  json?: unknown;
  csv?: string;
}

/** A calendar day in the tenant's time zone, YYYY-MM-DD (for file names). */
function localDay(at: Date, timeZone: string): string {
  const parts = dateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const csvRecord = (row: AuditRecord) => ({
  seq: row.seq,
  at: row.at.toISOString(),
  actor_type: row.actorType,
  actor_id: row.actorId,
  actor_label: row.actorLabel,
  action: row.action,
  target_type: row.targetType,
  target_id: row.targetId,
  summary: JSON.stringify(row.summary),
  request_id: row.requestId,
  client_address: row.clientAddress,
  entry_hash: row.entryHash,
  block_no: row.blockNo,
});

const jsonRecord = (row: AuditRecord) => ({ ...row, at: row.at.toISOString() });

export function exportFile(
  tenant: TenantHandle,
  format: 'csv' | 'json',
  exported: ExportedEntries & { criteria: Record<string, string> },
): ExportFile {
  const { rows, truncated, at, criteria } = exported;
  const file: ExportFile = {
    name: `audit-${tenant.slug}-${localDay(at, tenant.config.timeZone)}.${format}`,
    ...(truncated ? { truncatedAt: EXPORT_CAP } : {}),
  };
  if (format === 'json') {
    file.json = {
      tenant: tenant.slug,
      exportedAt: at.toISOString(),
      filter: criteria,
      truncated,
      entries: rows.map(jsonRecord),
    };
    return file;
  }
  // RFC 4180 (CRLF, doubled quotes) with a byte-order mark so spreadsheet programs read UTF-8;
  // cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
  file.csv = stringify(rows.map(csvRecord), {
    header: true,
    columns: [...CSV_COLUMNS],
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
  return file;
}
