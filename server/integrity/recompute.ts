/**
 * Recomputing the red flags: a tender with its bidders (after an opening or an award), or every
 * subject of the tenant (nightly). A subject's flags are replaced in one transaction, under an
 * advisory lock on the subject so two jobs never interleave, and only when they changed: a
 * recompute that finds what is stored leaves it (and its computed time) alone, so running the
 * job twice changes nothing. Each transaction that changed flags writes one audit entry.
 */
import type { Knex } from 'knex';
import { canonicalJson } from '../audit/hashing.js';
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import { redFlagThresholds } from '../regulations/red-flags.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { biddersOf, supplierFacts, tenderFacts } from './facts.js';
import { FLAG_WEIGHTS, type ComputedFlag, type SubjectType } from './flags.js';
import { supplierFlags } from './rules-supplier.js';
import { tenderFlags } from './rules-tender.js';

type RecomputeDeps = Pick<Deps, 'audit'>;

/** The job's entries in the audit trail name it. */
export const INTEGRITY_FLAGS: AuditContext = { actor: { type: 'system', id: null, label: 'integrity-flags' } };

interface Change {
  type: SubjectType;
  id: string;
  flags: string[];
}

/** The stored form of one flag, as compared between runs (computed_at left out). */
function storedForm(flag: ComputedFlag) {
  return {
    flag_id: flag.flagId,
    weight: FLAG_WEIGHTS[flag.flagId],
    evidence: { ...flag.evidence, sources: flag.sources },
    supplier_ids: [...flag.supplierIds].sort(),
    applied_rules: flag.rules,
  };
}

const fingerprint = (rows: ReturnType<typeof storedForm>[]) =>
  canonicalJson([...rows].sort((a, b) => a.flag_id.localeCompare(b.flag_id)));

/** Replaces a subject's flags when they differ from the stored ones; true when it did. */
async function replaceFlags(
  tx: Knex.Transaction,
  subject: { type: SubjectType; id: string },
  flags: ComputedFlag[],
  at: Date,
): Promise<boolean> {
  await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`integrity-flags:${subject.id}`]);
  const where = { subject_type: subject.type, subject_id: subject.id };
  const stored = await tx('integrity_flags')
    .where(where)
    .select<ReturnType<typeof storedForm>[]>('flag_id', 'weight', 'evidence', 'supplier_ids', 'applied_rules');
  const next = flags.map(storedForm);
  if (fingerprint(stored) === fingerprint(next)) return false;
  await tx('integrity_flags').where(where).delete();
  if (next.length > 0)
    await tx('integrity_flags').insert(
      next.map((row) => ({ ...where, ...row, evidence: JSON.stringify(row.evidence), computed_at: at })),
    );
  return true;
}

async function recomputeTender(tx: Knex.Transaction, tenant: TenantHandle, noticeId: string, at: Date) {
  const facts = await tenderFacts(tx, noticeId);
  // A tender is judged by the rule in force when it was published (else, now).
  const applied =
    (facts?.notice.publishedAt && redFlagThresholds(tenant.config, facts.notice.publishedAt)) ||
    redFlagThresholds(tenant.config, at);
  const flags = facts && applied ? tenderFlags(facts, applied) : [];
  return (await replaceFlags(tx, { type: 'tender', id: noticeId }, flags, at)) ? flags : undefined;
}

async function recomputeSupplier(tx: Knex.Transaction, tenant: TenantHandle, supplierId: string, at: Date) {
  const applied = redFlagThresholds(tenant.config, at);
  const flags = applied ? supplierFlags(await supplierFacts(tx, supplierId, applied.value, at), applied) : [];
  return (await replaceFlags(tx, { type: 'supplier', id: supplierId }, flags, at)) ? flags : undefined;
}

async function auditChanges(
  deps: RecomputeDeps,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  entry: { at: Date; noticeId?: string; changes: Change[]; rules: string[] },
) {
  if (entry.changes.length === 0) return;
  await deps.audit.record(tx, tenant, INTEGRITY_FLAGS, {
    at: entry.at,
    action: 'integrity.flags-recomputed',
    target: entry.noticeId ? { type: 'notice', id: entry.noticeId } : null,
    summary: { subjects: entry.changes, rules: [...new Set(entry.rules)] },
  });
}

/** Recomputes the subjects of one transaction: tenders first, then suppliers in id order (lock order). */
async function recomputeSubjects(
  deps: RecomputeDeps,
  tenant: TenantHandle,
  subjects: { noticeId?: string; tenders: string[]; suppliers: (tx: Knex.Transaction) => Promise<string[]> },
): Promise<Change[]> {
  return inTenant(tenant, async (tx) => {
    const at = await now(tx);
    const changes: Change[] = [];
    const rules: string[] = [];
    const note = (type: SubjectType, id: string, flags: ComputedFlag[] | undefined) => {
      if (!flags) return;
      changes.push({ type, id, flags: flags.map((f) => f.flagId) });
      rules.push(...flags.flatMap((f) => f.rules));
    };
    for (const id of subjects.tenders) note('tender', id, await recomputeTender(tx, tenant, id, at));
    for (const id of [...(await subjects.suppliers(tx))].sort())
      note('supplier', id, await recomputeSupplier(tx, tenant, id, at));
    await auditChanges(deps, tx, tenant, { at, noticeId: subjects.noticeId, changes, rules });
    return changes;
  });
}

/** One tender and its bidders, in one transaction. */
export async function recomputeNotice(deps: RecomputeDeps, tenant: TenantHandle, noticeId: string) {
  const changes = await recomputeSubjects(deps, tenant, {
    noticeId,
    tenders: [noticeId],
    suppliers: (tx) => biddersOf(tx, noticeId),
  });
  return { changed: changes.length };
}

const SUPPLIER_BATCH = 200;

/** Every published tender (one transaction each), then every supplier with bids, awards or flags (in batches). */
export async function recomputeAll(deps: RecomputeDeps, tenant: TenantHandle) {
  const { notices, suppliers } = await inTenant(tenant, async (tx) => ({
    notices: await tx('notices').whereNotNull('published_at').orderBy('id').pluck<string[]>('id'),
    suppliers: await tx
      .select('supplier_id as id')
      .from('bids')
      .union((q) => q.select('supplier_id as id').from('awards'))
      .union((q) => q.select('subject_id as id').from('integrity_flags').where({ subject_type: 'supplier' }))
      .then((rows: { id: string }[]) => rows.map((r) => r.id).sort()),
  }));
  let changed = 0;
  for (const id of notices)
    changed += (
      await recomputeSubjects(deps, tenant, { noticeId: id, tenders: [id], suppliers: () => Promise.resolve([]) })
    ).length;
  for (let i = 0; i < suppliers.length; i += SUPPLIER_BATCH) {
    const batch = suppliers.slice(i, i + SUPPLIER_BATCH);
    changed += (await recomputeSubjects(deps, tenant, { tenders: [], suppliers: () => Promise.resolve(batch) })).length;
  }
  return { tenders: notices.length, suppliers: suppliers.length, changed };
}
