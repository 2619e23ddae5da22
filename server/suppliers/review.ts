/**
 * The tenant admin's decisions on suppliers: approval (valid for the period the tenant's rules set,
 * two years in korea), rejection with a reason, debarment for a period with a reason, and lifting
 * a debarment. The company's users are told in their own language; every decision is audited.
 * Where the tenant's rules ask for a mutual check, approving and debarring wait for another tenant
 * administrator (check-kinds.ts, checked-reviews.ts); meanwhile the other decisions are refused.
 */
import type { Knex } from 'knex';
import type { RequestDeps } from '../approvals/approval.js';
import { assertNothingPending, sendForCheck, type AwaitingCheck, type CheckedBy } from '../approvals/mutual-checks.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { registrationValidity } from '../regulations/supplier-registration.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { endOfDay } from '../time/zone.js';
import { DebarmentInPastError, NoRenewalRequestedError, NotPendingError, SupplierNotFoundError } from './errors.js';
import { companyFacts, supplierApproveKind, supplierDebarKind, supplierRenewKind } from './check-kinds.js';
import { renewalReminder } from './renewal-reminder-job.js';

export type ReviewDeps = Pick<Deps, 'audit' | 'mailer' | 'relay'> & RequestDeps;
/** What carrying out an approved decision uses (no request to make). */
export type ReviewEffectDeps = Pick<Deps, 'audit' | 'mailer' | 'relay'>;

interface SupplierRow {
  id: string;
  status: string;
  legal_name: Record<string, string>;
  registration_no: string;
  valid_until: Date | null;
  debarred_until: Date | null;
  renewal_requested_at: Date | null;
}

/** The supplier, locked for the decision (its id was checked by the route); no other decision may wait on it. */
export async function lockSupplier(tx: Knex.Transaction, id: string): Promise<SupplierRow> {
  const row = await tx<SupplierRow>('suppliers').where({ id }).forUpdate().first();
  if (!row) throw new SupplierNotFoundError();
  return row;
}

const noneWaiting = (tx: Knex.Transaction, id: string) =>
  assertNothingPending(tx, { targetType: 'supplier', targetId: id });

/** An e-mail to every active user of the company, in their language. */
async function tellCompany(
  deps: ReviewEffectDeps,
  tx: Knex.Transaction,
  message: { tenant: TenantHandle; supplier: SupplierRow; template: string; params: Record<string, unknown> },
) {
  const { tenant, supplier, template, params } = message;
  const users = await tx('users')
    .where({ supplier_id: supplier.id, status: 'active' })
    .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
  for (const u of users) {
    const company = supplier.legal_name[u.locale ?? ''] ?? Object.values(supplier.legal_name)[0] ?? '';
    await deps.mailer.queue(tx, tenant, {
      to: u.email,
      locale: u.locale,
      template,
      params: { ...params, name: u.display_name, company },
    });
  }
}

/**
 * Approves for the period of the tenant's rule (`supplier-registration-validity`), counted from
 * today or, for a renewal, from the end of the current validity; plans the renewal reminder.
 */
export async function grantValidity(
  deps: ReviewEffectDeps,
  tx: Knex.Transaction,
  decision: { actor: Doer; supplier: SupplierRow; action: string; checked?: CheckedBy },
): Promise<Date> {
  const { actor, supplier, action, checked } = decision;
  const { tenant } = actor;
  const at = await now(tx);
  const { months, rule } = registrationValidity(tenant.config, at);
  const from = supplier.valid_until && supplier.valid_until > at ? supplier.valid_until : at;
  const [updated] = await tx('suppliers')
    .where({ id: supplier.id })
    .update({
      status: 'approved',
      decided_at: at,
      decision_reason: null,
      renewal_requested_at: null,
      valid_until: tx.raw(`?::timestamptz + make_interval(months => ?)`, [from, months]),
      updated_at: at,
    })
    .returning<{ valid_until: Date }[]>('valid_until');
  const validUntil = updated!.valid_until;
  await deps.relay.enqueue(tx, tenant, renewalReminder(tenant, supplier.id, validUntil));
  await tellCompany(deps, tx, {
    tenant,
    supplier,
    template: 'supplier_approved',
    params: { until: validUntil.toISOString().slice(0, 10) },
  });
  await deps.audit.record(tx, tenant, actor.audit, {
    action,
    target: { type: 'supplier', id: supplier.id },
    summary: {
      before: { status: supplier.status, validUntil: supplier.valid_until?.toISOString() ?? null },
      after: { status: 'approved', validUntil: validUntil.toISOString() },
      rule,
      ...(checked ? { checked } : {}),
    },
  });
  return validUntil;
}

/** Who carries a decision out, as the audit trail names them, and in which tenant. */
export type Doer = Pick<Actor, 'tenant' | 'audit'>;

export function assertApprovable(supplier: SupplierRow): void {
  if (supplier.status !== 'pending') throw new NotPendingError();
}

export function assertRenewable(supplier: SupplierRow): void {
  if (!supplier.renewal_requested_at) throw new NoRenewalRequestedError();
}

/** Approves now, or sends the approval to another tenant administrator where the rules ask. */
async function approve(deps: ReviewDeps, actor: Actor, supplierId: string): Promise<Date | AwaitingCheck> {
  assertCan(actor.user, 'suppliers:review');
  return inTenant(actor.tenant, async (tx) => {
    const supplier = await lockSupplier(tx, supplierId);
    await noneWaiting(tx, supplierId);
    assertApprovable(supplier);
    const check = await sendForCheck(tx, deps, actor, {
      action: 'supplier-approve',
      kind: supplierApproveKind,
      targetType: 'supplier',
      targetId: supplierId,
      agencyId: null,
      summary: companyFacts(supplier),
      at: await now(tx),
    });
    return check ?? grantValidity(deps, tx, { actor, supplier, action: 'supplier.approved' });
  });
}

/** Extends an approved (or lapsed) registration the supplier asked to renew (checked like an approval). */
async function approveRenewal(deps: ReviewDeps, actor: Actor, supplierId: string): Promise<Date | AwaitingCheck> {
  assertCan(actor.user, 'suppliers:review');
  return inTenant(actor.tenant, async (tx) => {
    const supplier = await lockSupplier(tx, supplierId);
    await noneWaiting(tx, supplierId);
    assertRenewable(supplier);
    const check = await sendForCheck(tx, deps, actor, {
      action: 'supplier-approve',
      kind: supplierRenewKind,
      targetType: 'supplier',
      targetId: supplierId,
      agencyId: null,
      summary: companyFacts(supplier),
      at: await now(tx),
    });
    return check ?? grantValidity(deps, tx, { actor, supplier, action: 'supplier.renewed' });
  });
}

async function reject(deps: ReviewDeps, actor: Actor, input: { supplierId: string; reason: string }): Promise<void> {
  assertCan(actor.user, 'suppliers:review');
  const { tenant } = actor;
  const { reason } = input;
  await inTenant(tenant, async (tx) => {
    const supplier = await lockSupplier(tx, input.supplierId);
    await noneWaiting(tx, supplier.id);
    if (supplier.status !== 'pending') throw new NotPendingError();
    await tx('suppliers')
      .where({ id: supplier.id })
      .update({
        status: 'rejected',
        decided_at: tx.raw('app_now()'),
        decision_reason: reason,
        updated_at: tx.raw('app_now()'),
      });
    await tellCompany(deps, tx, { tenant, supplier, template: 'supplier_rejected', params: { reason } });
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'supplier.rejected',
      target: { type: 'supplier', id: supplier.id },
      summary: { before: { status: supplier.status }, after: { status: 'rejected', reason } },
    });
  });
}

/** Debars until the end of the given day (in the tenant's time zone), for the reason given. */
export async function debarNow(
  deps: ReviewEffectDeps,
  tx: Knex.Transaction,
  decision: { actor: Doer; supplier: SupplierRow; until: string; reason: string; checked?: CheckedBy },
): Promise<void> {
  const { actor, supplier, reason, checked } = decision;
  const { tenant } = actor;
  const until = endOfDay(decision.until, tenant.config.timeZone);
  const at = await now(tx);
  if (until <= at) throw new DebarmentInPastError();
  await tx('suppliers')
    .where({ id: supplier.id })
    .update({ debarred_from: at, debarred_until: until, debarment_reason: reason, updated_at: at });
  await tellCompany(deps, tx, {
    tenant,
    supplier,
    template: 'supplier_debarred',
    params: { until: until.toISOString().slice(0, 10), reason },
  });
  await deps.audit.record(tx, tenant, actor.audit, {
    action: 'supplier.debarred',
    target: { type: 'supplier', id: supplier.id },
    summary: {
      before: { debarredUntil: supplier.debarred_until?.toISOString() ?? null },
      after: { debarredUntil: until.toISOString(), reason },
      ...(checked ? { checked } : {}),
    },
  });
}

/** Debars now, or sends the debarment to another tenant administrator where the rules ask. */
async function debar(
  deps: ReviewDeps,
  actor: Actor,
  input: { supplierId: string; until: string; reason: string },
): Promise<AwaitingCheck | null> {
  assertCan(actor.user, 'suppliers:debar');
  const { tenant } = actor;
  const { until, reason } = input;
  return inTenant(tenant, async (tx) => {
    const supplier = await lockSupplier(tx, input.supplierId);
    await noneWaiting(tx, supplier.id);
    const at = await now(tx);
    if (endOfDay(until, tenant.config.timeZone) <= at) throw new DebarmentInPastError();
    const check = await sendForCheck(tx, deps, actor, {
      action: 'supplier-debar',
      kind: supplierDebarKind,
      targetType: 'supplier',
      targetId: supplier.id,
      agencyId: null,
      summary: { ...companyFacts(supplier), until, reason },
      at,
    });
    if (check) return check;
    await debarNow(deps, tx, { actor, supplier, until, reason });
    return null;
  });
}

async function liftDebarment(deps: ReviewDeps, actor: Actor, supplierId: string): Promise<void> {
  assertCan(actor.user, 'suppliers:debar');
  await inTenant(actor.tenant, async (tx) => {
    const supplier = await lockSupplier(tx, supplierId);
    await noneWaiting(tx, supplier.id);
    await tx('suppliers')
      .where({ id: supplier.id })
      .update({ debarred_until: tx.raw('app_now()'), updated_at: tx.raw('app_now()') });
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'supplier.debarment-lifted',
      target: { type: 'supplier', id: supplier.id },
      summary: { before: { debarredUntil: supplier.debarred_until?.toISOString() ?? null } },
    });
  });
}

/** The decisions, each `(actor, supplierId[, input])`. */
export function supplierReview(deps: ReviewDeps) {
  return {
    approve: (actor: Actor, supplierId: string) => approve(deps, actor, supplierId),
    approveRenewal: (actor: Actor, supplierId: string) => approveRenewal(deps, actor, supplierId),
    reject: (actor: Actor, supplierId: string, input: { reason: string }) =>
      reject(deps, actor, { ...input, supplierId }),
    debar: (actor: Actor, supplierId: string, input: { until: string; reason: string }) =>
      debar(deps, actor, { ...input, supplierId }),
    liftDebarment: (actor: Actor, supplierId: string) => liftDebarment(deps, actor, supplierId),
  };
}
