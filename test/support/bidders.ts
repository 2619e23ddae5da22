/**
 * Approved supplier companies with one signed-in user each (a bearer token issued as the API
 * does after password and second factor), for tests and benchmarks that need many bidders.
 */
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { approvedToBid, demoPasswordHash } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';

export interface Bidder {
  supplierId: string;
  userId: string;
  email: string;
  registrationNo: string;
  auth: Record<string, string>;
}

export async function addBidders(tenant: TenantHandle, count: number, prefix = 'BID'): Promise<Bidder[]> {
  const hash = await demoPasswordHash();
  return inTenant(tenant, async (tx) => {
    const bidders: Bidder[] = [];
    for (let i = 1; i <= count; i++) {
      const registrationNo = `${prefix}-${String(i).padStart(4, '0')}`;
      const email = `${registrationNo.toLowerCase()}@${tenant.slug}.test`;
      const [supplier] = await tx('suppliers')
        .insert({
          legal_name: JSON.stringify({ en: `${prefix} Supplier ${i} Ltd.` }),
          registration_no: registrationNo,
          tax_id: `TAX-${registrationNo}`,
          representative: `Representative ${i}`,
          address: `Market Street ${i}`,
          contact_email: email,
          contact_phone: '+00 000 0000',
          ...approvedToBid(tx),
        })
        .returning<{ id: string }[]>('id');
      const [user] = await tx('users')
        .insert({
          email,
          display_name: `Bidder ${i}`,
          locale: 'en',
          roles: ['supplier-admin', 'supplier'],
          supplier_id: supplier!.id,
          password_hash: hash,
          email_verified_at: tx.raw('app_now()'),
        })
        .returning<{ id: string }[]>('id');
      const { token } = await issueApiToken(tx, user!.id);
      bidders.push({
        supplierId: supplier!.id,
        userId: user!.id,
        email,
        registrationNo,
        auth: { Authorization: `Bearer ${token}` },
      });
    }
    return bidders;
  });
}

export interface StaffUser {
  userId: string;
  email: string;
  auth: Record<string, string>;
}

/**
 * Users of one role (evaluators, say), each with a bearer token as if signed in with both factors.
 * They share the demo officer's authenticator secret (the tenant must have demo data).
 */
export async function addStaff(
  tenant: TenantHandle,
  count: number,
  role: string,
  prefix: string,
): Promise<StaffUser[]> {
  const hash = await demoPasswordHash();
  return inTenant(tenant, async (tx) => {
    const users: StaffUser[] = [];
    for (let i = 1; i <= count; i++) {
      const email = `${prefix.toLowerCase()}-${i}@${tenant.slug}.test`;
      const [user] = await tx('users')
        .insert({
          email,
          display_name: `${prefix} ${i}`,
          locale: 'en',
          roles: [role],
          password_hash: hash,
          email_verified_at: tx.raw('app_now()'),
          totp_secret_sealed: tx('users')
            .select('totp_secret_sealed')
            .where({ email: `officer@${tenant.slug}.demo` }),
          totp_enabled_at: tx.raw('app_now()'),
        })
        .returning<{ id: string }[]>('id');
      const { token } = await issueApiToken(tx, user!.id);
      users.push({ userId: user!.id, email, auth: { Authorization: `Bearer ${token}` } });
    }
    return users;
  });
}
