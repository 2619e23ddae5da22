/**
 * Who takes part in a demo world, and the actors they act as at a moment of its history. Agencies
 * are created by the tenant administrator and suppliers register and are approved, through the
 * services; the officers of the new agencies are demo accounts like seed.ts makes (the demo
 * password's one hash, the demo authenticator key), since an invitation would need a mailbox.
 */
import type { Knex } from 'knex';
import { agencyAdmin } from '../admin/agencies-service.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { SESSION_USER_COLUMNS, toSessionUser, type SessionUser, type UserRow } from '../identity/users.js';
import { supplierRegistration } from '../suppliers/registration.js';
import { supplierReview } from '../suppliers/review.js';
import { mayRequireMutualChecks } from '../regulations/mutual-checks.js';
import { DEMO_CHECKER, DEMO_PASSWORD, demoEmail, demoPasswordHash } from '../tenancy/seed.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { fixedClock } from '../time/clock.js';
import { demoPdf } from './documents.js';
import type { WorldContent } from './content/types.js';

/** Marks every audit entry of the building, so the trail says where the history came from. */
export const DEMO_REQUEST_ID = 'demo-world';

export type WorldDeps = Pick<
  Deps,
  'audit' | 'mailer' | 'relay' | 'sealedBox' | 'keys' | 'throttle' | 'i18n' | 'publicUrl'
>;

/** The tenant as its services see it at `at`: the database clock stands still there. */
export function tenantAt(tenant: TenantHandle, at: Date): TenantHandle {
  return { ...tenant, clock: fixedClock(at) };
}

export function actorAt(tenant: TenantHandle, user: SessionUser | undefined, at: Date): Actor {
  return {
    tenant: tenantAt(tenant, at),
    user,
    audit: {
      actor: user ? { type: 'user', id: user.id, label: user.email } : { type: 'anonymous' },
      requestId: DEMO_REQUEST_ID,
      clientAddress: null,
      locale: user?.locale ?? tenant.config.locales.default,
    },
  };
}

export interface Cast {
  admin: SessionUser;
  /** The officer of each agency: the demo agency's first. */
  officers: SessionUser[];
  /**
   * A second officer of each agency, who approves the officers' requests where the tenant's
   * rules ask for mutual checks (settle in world.ts): the demo agency's `checker@<slug>.demo`
   * first, then one per agency added (only where the rules may ask for them).
   */
  checkers: SessionUser[];
  /** The demo supplier first, then the registered companies. */
  suppliers: SessionUser[];
}

async function sessionUser(tx: Knex.Transaction, slug: string, email: string): Promise<SessionUser> {
  const row = await tx<UserRow>('users')
    .whereRaw('lower(email) = ?', [email.toLowerCase()])
    .first(...SESSION_USER_COLUMNS);
  if (!row) throw new Error(`demo world: no account ${email}`);
  return toSessionUser(slug, row);
}

/** The demo accounts seed.ts made, read at `at`; undefined in a tenant without demo data. */
export function demoAccounts(tenant: TenantHandle, at: Date) {
  const slug = tenant.slug;
  return inTenant(tenantAt(tenant, at), async (tx) => {
    if (
      !(await tx('users')
        .where({ email: demoEmail(slug, 'officer') })
        .first('id'))
    )
      return undefined;
    return {
      admin: await sessionUser(tx, slug, demoEmail(slug, 'tenant-admin')),
      officer: await sessionUser(tx, slug, demoEmail(slug, 'officer')),
      checker: await sessionUser(tx, slug, demoEmail(slug, DEMO_CHECKER)),
      supplier: await sessionUser(tx, slug, demoEmail(slug, 'supplier')),
    };
  });
}

/**
 * A new agency by the tenant administrator, and its officer (a demo account); where the tenant's
 * rules may ask for mutual checks, also its second officer (`checker.<code>@<slug>.demo`).
 */
export async function addAgency(
  deps: WorldDeps,
  tenant: TenantHandle,
  admin: SessionUser,
  agency: WorldContent['agencies'][number],
  at: Date,
): Promise<{ officer: SessionUser; checker?: SessionUser }> {
  const { id } = await agencyAdmin(deps).create(actorAt(tenant, admin, at), { code: agency.code, names: agency.name });
  const code = agency.code.toLowerCase();
  const officer = await addOfficer(
    tenant,
    id,
    { email: `officer.${code}@${tenant.slug}.demo`, name: agency.officer },
    at,
  );
  if (!mayRequireMutualChecks(tenant.config)) return { officer };
  const name = `${agency.officer} (2)`;
  return { officer, checker: await addOfficer(tenant, id, { email: `checker.${code}@${tenant.slug}.demo`, name }, at) };
}

async function addOfficer(
  tenant: TenantHandle,
  agencyId: string,
  person: { email: string; name: string },
  at: Date,
): Promise<SessionUser> {
  const hash = await demoPasswordHash();
  const { email } = person;
  return inTenant(tenantAt(tenant, at), async (tx) => {
    await tx('users').insert({
      email,
      display_name: person.name,
      locale: tenant.config.locales.default,
      roles: ['officer'],
      agency_id: agencyId,
      password_hash: hash,
      email_verified_at: tx.raw('app_now()'),
      // The demo officer's sealed authenticator key: one key gives the codes of every demo account.
      totp_secret_sealed: tx('users')
        .select('totp_secret_sealed')
        .where({ email: demoEmail(tenant.slug, 'officer') }),
      totp_enabled_at: tx.raw('app_now()'),
    });
    return sessionUser(tx, tenant.slug, email);
  });
}

/** A company registers (its administrator's account, the integrity pledge, a document) at `at`. */
export async function registerSupplier(
  deps: WorldDeps,
  tenant: TenantHandle,
  supplier: WorldContent['suppliers'][number],
  at: Date,
): Promise<{ email: string }> {
  const email = `bids.${supplier.registrationNo.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}@${tenant.slug}.demo`;
  const names = Object.fromEntries(
    Object.entries(supplier.legalName).map(([lng, name]) => [`legal_name_${lng}`, name]),
  );
  const file = demoPdf(`registration-${supplier.registrationNo}`);
  await supplierRegistration(deps).register(actorAt(tenant, undefined, at), {
    fields: {
      ...names,
      registration_no: supplier.registrationNo,
      representative: supplier.representative,
      tax_id: `TAX-${supplier.registrationNo}`,
      address: supplier.address,
      contact_phone: supplier.phone,
      categories: ['goods', 'services', 'works', 'ict'],
      name: supplier.representative,
      email,
      password: DEMO_PASSWORD,
    },
    files: [
      {
        fieldname: 'files',
        originalname: file.fileName,
        encoding: '7bit',
        mimetype: 'application/pdf',
        size: file.size,
        buffer: file.content,
      } as Express.Multer.File,
    ],
    link: (path) => `/t/${tenant.slug}${path}`,
  });
  return { email };
}

/** The tenant administrator approves a registered company; answers its administrator. */
export async function approveSupplier(
  deps: WorldDeps,
  tenant: TenantHandle,
  admin: SessionUser,
  email: string,
  at: Date,
): Promise<SessionUser> {
  const user = await inTenant(tenantAt(tenant, at), (tx) => sessionUser(tx, tenant.slug, email));
  await supplierReview(deps).approve(actorAt(tenant, admin, at), user.supplierId!);
  return user;
}
