/**
 * Reading a tenant's audit trail back for auditors: the filter they may give (validated at the
 * edge with AuditFilter), one page of matching entries newest first with the total, and every
 * matching entry (up to EXPORT_CAP) oldest first for an export. Each entry carries the block that
 * seals it, or null while it awaits sealing. Every function runs in a tenant-bound transaction.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { EntryRow } from './rows.js';

export const PAGE_SIZE = 50;
export const EXPORT_CAP = 100_000;
const MAX_PAGE = 100_000;

/** An empty form field means "no filter", not "match the empty string". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());
const isoDate = (value: string) => z.iso.date().safeParse(value).success;
const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .refine(isoDate, { params: { key: 'audit:invalid_date' } })
    .optional(),
);

/**
 * What an auditor may filter by. `action` matches exactly, or as a prefix when it ends with a dot
 * or `*` (`auth.` and `auth.*` both match `auth.login`). `from` and `to` are calendar days
 * (YYYY-MM-DD) in the tenant's time zone, both included.
 */
export const AuditFilter = z
  .object({
    actor: text(320),
    action: text(120),
    targetType: text(120),
    targetId: text(320),
    from: day,
    to: day,
    page: z.preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_PAGE, { params: { key: 'audit:invalid_page' } })
        .optional(),
    ),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], params: { key: 'audit:invalid_range' } });

export type AuditFilter = z.infer<typeof AuditFilter>;

/** One entry as the auditor's pages and exports show it. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  requestId: string | null;
  clientAddress: string | null;
  entryHash: string;
  /** The block that seals the entry; null while it awaits sealing. */
  blockNo: number | null;
}

export interface AuditPage {
  rows: AuditRecord[];
  total: number;
  page: number;
  pages: number;
}

/** The filter's criteria without paging, with only the fields given (for links and the export's own entry). */
export function filterCriteria(filter: AuditFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).filter((e): e is [string, string] => e[0] !== 'page' && typeof e[1] === 'string'),
  );
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Where = (q: Knex.QueryBuilder) => void;

/**
 * The WHERE clause of a filter, each criterion on an indexed column where it can be: an actor given
 * as a tenant user's e-mail address becomes that user's id, so entries recorded before an address
 * changed still match; otherwise `actor` matches an actor id, or a label such as `system`.
 */
async function whereOf(tx: Knex.Transaction, filter: AuditFilter, timeZone: string): Promise<Where> {
  const { actor } = filter;
  const userIds = actor
    ? (await tx('users').whereRaw('lower(email) = lower(?)', [actor]).pluck<string[]>('id')).map(String)
    : [];
  return (q) => {
    if (actor) {
      if (userIds.length > 0) q.whereIn('e.actor_id', [actor, ...userIds]);
      else q.where((w) => void w.where('e.actor_id', actor).orWhere('e.actor_label', actor));
    }
    if (filter.action) {
      const prefix = /[.*]$/.test(filter.action) ? filter.action.replace(/\*+$/, '') : undefined;
      if (prefix !== undefined) q.whereRaw(`e.action like ? escape '\\'`, [likePrefix(prefix)]);
      else q.where('e.action', filter.action);
    }
    if (filter.targetType) q.where('e.target_type', filter.targetType);
    if (filter.targetId) q.where('e.target_id', filter.targetId);
    // Days start at midnight in the tenant's zone; PostgreSQL does the zone arithmetic (DST included).
    if (filter.from) q.whereRaw('e.at >= (?::date)::timestamp at time zone ?', [filter.from, timeZone]);
    if (filter.to) q.whereRaw('e.at < (?::date + 1)::timestamp at time zone ?', [filter.to, timeZone]);
  };
}

type Row = EntryRow & { block_no: string | null };

function recordOf(row: Row): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    requestId: row.request_id,
    clientAddress: row.client_address,
    entryHash: row.entry_hash,
    blockNo: row.block_no === null ? null : Number(row.block_no),
  };
}

function entries(tx: Knex.Transaction, where: Where) {
  return tx('audit_entries as e')
    .modify(where)
    .leftJoin('audit_sealed as s', 's.seq', 'e.seq')
    .select<Row[]>('e.*', 's.block_no');
}

async function count(tx: Knex.Transaction, where: Where): Promise<number> {
  const [row] = await tx('audit_entries as e').modify(where).count<{ count: string }[]>('* as count');
  return Number(row?.count ?? 0);
}

/** How many entries match (without paging). */
export async function countAudit(tx: Knex.Transaction, filter: AuditFilter, timeZone = 'UTC'): Promise<number> {
  return count(tx, await whereOf(tx, filter, timeZone));
}

/** One page of matching entries, newest first, with the total and the number of pages. */
export async function searchAudit(
  tx: Knex.Transaction,
  filter: AuditFilter,
  limit = PAGE_SIZE,
  timeZone = 'UTC',
): Promise<AuditPage> {
  const where = await whereOf(tx, filter, timeZone);
  const page = filter.page ?? 1;
  const total = await count(tx, where);
  const rows = await entries(tx, where)
    .orderBy('e.seq', 'desc')
    .limit(limit)
    .offset((page - 1) * limit);
  return { rows: rows.map(recordOf), total, page, pages: Math.max(1, Math.ceil(total / limit)) };
}

/** Every matching entry in sequence order, at most `cap` (the oldest ones when more match). */
export async function exportRows(
  tx: Knex.Transaction,
  filter: AuditFilter,
  timeZone = 'UTC',
  cap = EXPORT_CAP,
): Promise<AuditRecord[]> {
  const where = await whereOf(tx, filter, timeZone);
  const rows = await entries(tx, where).orderBy('e.seq').limit(cap);
  return rows.map(recordOf);
}
