/**
 * Seed data written when a tenant is provisioned. Idempotent: re-running changes nothing.
 * Demo accounts are created only for the embedded default and training sandboxes.
 */
import argon2 from 'argon2';
import type { Knex } from 'knex';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import type { TenantHandle } from './tenant-handle.js';

/** The demo password, printed at start and listed in the README. Demo data only. */
export const DEMO_PASSWORD = 'Demo-Procure-2026';

/**
 * The demo accounts' authenticator key (listed in the README), so a trainer can add it to any
 * authenticator app once and sign in as every demo role that requires two-step verification.
 */
export const DEMO_TOTP_SECRET = 'KONEPSDEMOKONEPSDEMOKONEPSDEMO23';

export const DEMO_ROLES = ['tenant-admin', 'officer', 'evaluator', 'auditor', 'supplier'] as const;

export function demoEmail(slug: string, role: string): string {
  return `${role}@${slug}.demo`;
}

let demoHash: Promise<string> | undefined;
/** One argon2id hash shared by all demo accounts: hashing is slow on purpose, demo data need not be. */
export function demoPasswordHash(): Promise<string> {
  demoHash ??= argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  return demoHash;
}

export async function seedTenant(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  demo: boolean,
  keys: TenantKeys,
): Promise<void> {
  await tx('instance').insert({ slug: tenant.slug }).onConflict('singleton').ignore();
  // A new tenant's first data key is random (one made before data keys existed already has its own).
  await keys.ensureTenantKey(tx, tenant.slug, 'random');
  if (!demo) return;
  const hash = await demoPasswordHash();
  const locale = tenant.config.locales.default;
  const totp = (await keys.forTenant(tx, tenant.slug)).seal('totp-secret', DEMO_TOTP_SECRET);
  await tx('agencies')
    .insert({ code: 'DEMO', name: JSON.stringify({ en: 'Ministry of Planning (demo)' }) })
    .onConflict('code')
    .ignore();
  const agency = await tx('agencies').where({ code: 'DEMO' }).first<{ id: string }>('id');
  // The demo supplier's company: registered, approved and able to bid.
  await tx('suppliers')
    .insert({
      legal_name: JSON.stringify({ en: 'Demo Trading Co.' }),
      registration_no: 'DEMO-0001',
      tax_id: 'DEMO-TAX-0001',
      representative: 'Demo Representative',
      address: 'Demo Street 1',
      contact_email: demoEmail(tenant.slug, 'supplier'),
      contact_phone: '+00 000 0000',
      categories: ['goods', 'services', 'works', 'ict'],
      status: 'approved',
      pledge_signed_at: tx.raw('app_now()'),
      submitted_at: tx.raw('app_now()'),
      decided_at: tx.raw('app_now()'),
      valid_until: tx.raw(`app_now() + interval '2 years'`),
    })
    .onConflict(tx.raw('(lower(registration_no))'))
    .ignore();
  const company = await tx('suppliers').where({ registration_no: 'DEMO-0001' }).first<{ id: string }>('id');
  await tx('users')
    .insert(
      DEMO_ROLES.map((role) => ({
        email: demoEmail(tenant.slug, role),
        display_name: `Demo ${role}`,
        locale,
        roles: role === 'supplier' ? ['supplier-admin', 'supplier'] : [role],
        supplier_id: role === 'supplier' ? company.id : null,
        password_hash: hash,
        email_verified_at: tx.raw('app_now()'),
        agency_id: role === 'officer' ? agency.id : null,
        // Suppliers may go without a second factor; every other demo role has it ready.
        ...(role === 'supplier' ? {} : { totp_secret_sealed: totp, totp_enabled_at: tx.raw('app_now()') }),
      })),
    )
    .onConflict(tx.raw('(lower(email))'))
    .ignore();
}
