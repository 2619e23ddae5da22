/**
 * What the staff desk reads in a tenant: the desk's list of tenants, a tenant's local mail
 * (operators), and which tenants a staff member may look into (the call-center console,
 * callcenter/, reads them). Every look into a tenant is written to that tenant's audit trail.
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

/** The desk's reads and records, each `(actor[, input])`. */
export function staffDesk(deps: DeskDeps) {
  return {
    tenants: (actor: StaffActor) => tenants(deps, actor),
    outbox: (actor: StaffActor, slug: string) => outbox(deps, actor, slug),
  };
}
