/**
 * The embedded default's demo staff: an operator and a call-center agent granted every tenant, and
 * a trainer, who runs training sandboxes (they need no grants: a trainer sees the sandboxes they run).
 */
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../tenancy/seed.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { StaffDirectory } from './staff.js';

export const DEMO_STAFF = [
  { email: 'operator@platform.demo', name: 'Demo operator', role: 'operator' as const },
  { email: 'agent@platform.demo', name: 'Demo call-center agent', role: 'agent' as const, timeZone: 'Asia/Seoul' },
  { email: 'trainer@platform.demo', name: 'Demo trainer', role: 'trainer' as const },
];

export async function ensureDemoStaff(directory: StaffDirectory, tenancy: Tenancy): Promise<void> {
  const all = (await tenancy.registry.list()).map((r) => r.slug);
  for (const member of DEMO_STAFF) {
    const grants = member.role === 'trainer' ? [] : all;
    // Created once; later starts only extend the grants to tenants added since (no re-hashing).
    if (await directory.exists(member.email)) await directory.grant(member.email, grants);
    else await directory.upsert({ ...member, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET, grants });
  }
}
