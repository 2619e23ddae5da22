/**
 * What the staff desk reads and records in a tenant: the desk's list of tenants, a tenant's local
 * mail (operators), the call-center look-up of accounts and the note of a call. Every look into a
 * tenant is written to that tenant's audit trail.
 */
import type { Deps } from '../deps.js';
import { NotFoundError } from '../http/errors.js';
import { recentEmails } from '../mail/read.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { StaffActor } from './staff-steps.js';
import type { StaffMember } from './staff.js';

type DeskDeps = Pick<Deps, 'tenancy' | 'audit' | 'outboxPage'>;

/**
 * A tenant the staff member was granted. One not granted answers as one that does not exist
 * (404): an agent learns nothing of tenants outside their grants, not even that they exist.
 */
export async function grantedTenant(
  deps: Pick<Deps, 'tenancy'>,
  staff: StaffMember,
  slug: string,
): Promise<TenantHandle> {
  const tenant = staff.grants.includes(slug) ? await deps.tenancy.resolve(slug) : undefined;
  if (!tenant) throw new NotFoundError();
  return tenant;
}

/** A search of a tenant's accounts by e-mail or name. */
export interface LookupInput {
  tenant: string;
  q: string;
}

/** A call noted by an agent. */
export interface CallInput {
  tenant: string;
  subject: string;
  notes: string;
}

/** Every tenant for operators; the granted ones for agents. */
async function tenants(deps: DeskDeps, { staff }: StaffActor) {
  const records = await deps.tenancy.registry.list();
  return staff.role === 'operator' ? records : records.filter((r) => staff.grants.includes(r.slug));
}

/** A tenant's local mail (no SMTP, never in production), for operators; each reading is audited. */
async function outbox(deps: DeskDeps, actor: StaffActor, slug: string) {
  const tenant = await deps.tenancy.resolve(slug);
  if (!deps.outboxPage || !tenant) throw new NotFoundError();
  const emails = await inTenant(tenant, async (tx) => {
    const rows = await recentEmails(tx);
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'platform.outbox-read',
      summary: { emails: rows.length },
    });
    return rows;
  });
  return { tenant, emails };
}

/** Up to 25 accounts of a granted tenant whose e-mail or name contains the query. */
async function lookup(deps: DeskDeps, actor: StaffActor, input: LookupInput): Promise<Record<string, unknown>[]> {
  const tenant = await grantedTenant(deps, actor.staff, input.tenant);
  const pattern = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return inTenant(tenant, async (tx) => {
    const rows = await tx('users as u')
      .leftJoin('suppliers as s', 's.id', 'u.supplier_id')
      .where((q) => q.whereILike('u.email', pattern).orWhereILike('u.display_name', pattern))
      .orderBy('u.email')
      .limit(25)
      .select(
        'u.email',
        'u.display_name',
        'u.roles',
        'u.status',
        'u.email_verified_at',
        'u.totp_enabled_at',
        'u.last_login_at',
        's.status as supplier_status',
        's.registration_no',
      );
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'callcenter.lookup',
      summary: { query: input.q, results: rows.length },
    });
    return rows as Record<string, unknown>[];
  });
}

/** A call of a granted tenant's caller, noted in that tenant's audit trail. */
async function recordCall(deps: DeskDeps, actor: StaffActor, input: CallInput): Promise<void> {
  const tenant = await grantedTenant(deps, actor.staff, input.tenant);
  await inTenant(tenant, (tx) =>
    deps.audit.record(tx, tenant, actor.audit, {
      action: 'callcenter.call-recorded',
      summary: { subject: input.subject, notes: input.notes },
    }),
  );
}

/** The desk's reads and records, each `(actor[, input])`. */
export function staffDesk(deps: DeskDeps) {
  return {
    tenants: (actor: StaffActor) => tenants(deps, actor),
    outbox: (actor: StaffActor, slug: string) => outbox(deps, actor, slug),
    lookup: (actor: StaffActor, input: LookupInput) => lookup(deps, actor, input),
    recordCall: (actor: StaffActor, input: CallInput) => recordCall(deps, actor, input),
  };
}
