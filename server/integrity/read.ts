/**
 * Reading the red flags: the auditors' ranking of tenders and suppliers by the weight of their
 * flags (optionally of one kind), one tender's or one supplier's flags, and the public list that
 * a tenant may switch on (`transparency.publicRedFlags`); switched off, it does not exist (404).
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../http/errors.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Evidence, FlagId, Source } from './flags.js';
import { TENDER_FLAGS } from './flags.js';

export interface FlagRow {
  flagId: FlagId;
  weight: number;
  evidence: Evidence & { sources: Source[] };
  appliedRules: string[];
  computedAt: Date;
}

export interface TenderSubject {
  id: string;
  noticeNo: string | null;
  title: Record<string, string>;
  weight: number;
  flags: FlagRow[];
}

export interface SupplierSubject {
  id: string;
  name: Record<string, string>;
  weight: number;
  flags: FlagRow[];
}

interface StoredRow {
  subject_id: string;
  flag_id: FlagId;
  weight: number;
  evidence: FlagRow['evidence'];
  applied_rules: string[];
  computed_at: Date;
}

const RANKED = 100;

const toFlag = (r: StoredRow): FlagRow => ({
  flagId: r.flag_id,
  weight: r.weight,
  evidence: r.evidence,
  appliedRules: r.applied_rules,
  computedAt: r.computed_at,
});

const COLUMNS = ['f.subject_id', 'f.flag_id', 'f.weight', 'f.evidence', 'f.applied_rules', 'f.computed_at'];

/** The subjects of one type, heaviest first (then by most flags), with every flag of each. */
async function ranked(tx: Knex.Transaction, type: 'tender' | 'supplier', flag?: FlagId) {
  const subjects = await tx('integrity_flags as f')
    .where({ 'f.subject_type': type })
    .modify((q) => {
      if (flag)
        q.whereIn(
          'f.subject_id',
          tx('integrity_flags').select('subject_id').where({ subject_type: type, flag_id: flag }),
        );
    })
    .groupBy('f.subject_id')
    .orderByRaw('sum(f.weight) desc, count(*) desc, f.subject_id')
    .limit(RANKED)
    .select<{ subject_id: string; weight: string }[]>('f.subject_id', tx.raw('sum(f.weight) as weight'));
  const ids = subjects.map((s) => s.subject_id);
  const rows = await tx('integrity_flags as f')
    .where({ 'f.subject_type': type })
    .whereIn('f.subject_id', ids)
    .orderBy([{ column: 'f.weight', order: 'desc' }, 'f.flag_id'])
    .select<StoredRow[]>(COLUMNS);
  return subjects.map((s) => ({
    id: s.subject_id,
    weight: Number(s.weight),
    flags: rows.filter((r) => r.subject_id === s.subject_id).map(toFlag),
  }));
}

async function tenderSubjects(tx: Knex.Transaction, list: { id: string; weight: number; flags: FlagRow[] }[]) {
  const notices = await tx('notices')
    .whereIn(
      'id',
      list.map((s) => s.id),
    )
    .select<{ id: string; notice_no: string | null; title: Record<string, string> }[]>('id', 'notice_no', 'title');
  return list.flatMap((s): TenderSubject[] => {
    const n = notices.find((x) => x.id === s.id);
    return n ? [{ ...s, noticeNo: n.notice_no, title: n.title }] : [];
  });
}

async function supplierSubjects(tx: Knex.Transaction, list: { id: string; weight: number; flags: FlagRow[] }[]) {
  const suppliers = await tx('suppliers')
    .whereIn(
      'id',
      list.map((s) => s.id),
    )
    .select<{ id: string; legal_name: Record<string, string> }[]>('id', 'legal_name');
  return list.flatMap((s): SupplierSubject[] => {
    const row = suppliers.find((x) => x.id === s.id);
    return row ? [{ ...s, name: row.legal_name }] : [];
  });
}

/** How many subjects carry each flag (the filter shows the counts). */
async function flagCounts(tx: Knex.Transaction): Promise<Partial<Record<FlagId, number>>> {
  const rows = await tx('integrity_flags')
    .groupBy('flag_id')
    .select<{ flag_id: FlagId; n: string }[]>('flag_id', tx.raw('count(*) as n'));
  return Object.fromEntries(rows.map((r) => [r.flag_id, Number(r.n)]));
}

export async function readDashboard(actor: Actor, filter: { flag?: FlagId }) {
  assertCan(actor.user, 'integrity:read');
  return inTenant(actor.tenant, async (tx) => ({
    tenders: await tenderSubjects(tx, await ranked(tx, 'tender', filter.flag)),
    suppliers: await supplierSubjects(tx, await ranked(tx, 'supplier', filter.flag)),
    counts: await flagCounts(tx),
  }));
}

/** One tender's flags; a tender that is not published (or no tender) is 404. */
export async function readTenderFlags(actor: Actor, noticeId: string): Promise<TenderSubject> {
  assertCan(actor.user, 'integrity:read');
  return inTenant(actor.tenant, async (tx) => {
    const rows = await tx('integrity_flags as f')
      .where({ 'f.subject_type': 'tender', 'f.subject_id': noticeId })
      .orderBy([{ column: 'f.weight', order: 'desc' }, 'f.flag_id'])
      .select<StoredRow[]>(COLUMNS);
    const flags = rows.map(toFlag);
    const [subject] = await tenderSubjects(tx, [
      { id: noticeId, weight: flags.reduce((sum, f) => sum + f.weight, 0), flags },
    ]);
    if (!subject || !(await tx('notices').where({ id: noticeId }).whereNotNull('published_at').first('id')))
      throw new NotFoundError();
    return subject;
  });
}

/** One supplier's own flags, and the tender flags whose evidence names it. */
export async function readSupplierFlags(actor: Actor, supplierId: string) {
  assertCan(actor.user, 'integrity:read');
  return inTenant(actor.tenant, async (tx) => {
    const own = (
      await tx('integrity_flags as f')
        .where({ 'f.subject_type': 'supplier', 'f.subject_id': supplierId })
        .orderBy([{ column: 'f.weight', order: 'desc' }, 'f.flag_id'])
        .select<StoredRow[]>(COLUMNS)
    ).map(toFlag);
    const [subject] = await supplierSubjects(tx, [
      { id: supplierId, weight: own.reduce((sum, f) => sum + f.weight, 0), flags: own },
    ]);
    if (!subject) throw new NotFoundError();
    const named = await tx('integrity_flags as f')
      .where({ 'f.subject_type': 'tender' })
      .whereRaw('f.supplier_ids @> array[?]::uuid[]', [supplierId])
      .orderBy([{ column: 'f.weight', order: 'desc' }, 'f.flag_id'])
      .select<StoredRow[]>(COLUMNS);
    const tenders = await tenderSubjects(
      tx,
      [...new Set(named.map((r) => r.subject_id))].map((id) => {
        const flags = named.filter((r) => r.subject_id === id).map(toFlag);
        return { id, weight: flags.reduce((sum, f) => sum + f.weight, 0), flags };
      }),
    );
    return { supplier: subject, tenders: tenders.sort((a, b) => b.weight - a.weight) };
  });
}

/** Whether the tenant publishes its red flags (auditors always see them). */
export const publishesRedFlags = (actor: Actor): boolean => actor.tenant.config.transparency?.publicRedFlags === true;

/** The tender flags for the public, heaviest first; 404 unless the tenant's config publishes them. */
export async function readPublicFlags(actor: Actor): Promise<TenderSubject[]> {
  if (!publishesRedFlags(actor)) throw new NotFoundError();
  return inTenant(actor.tenant, async (tx) => {
    const list = await ranked(tx, 'tender');
    return (await tenderSubjects(tx, list)).map((s) => ({
      ...s,
      flags: s.flags.filter((f) => TENDER_FLAGS.includes(f.flagId)),
    }));
  });
}
