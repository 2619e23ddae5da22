/**
 * Platform staff accounts (operators and call-center agents), kept in the platform schema. They
 * sign in with a password and always a second factor, and see only the tenants granted to them.
 */
import type { Knex } from 'knex';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from '../identity/passwords.js';
import { checkTotp } from '../identity/second-factor.js';
import type { LoginThrottle } from '../identity/throttle.js';
import { normalizeEmail } from '../identity/users.js';

/** The key scope of staff secrets: never a valid tenant slug. */
export const PLATFORM_SCOPE = '_platform';

export type StaffRole = 'operator' | 'agent' | 'trainer';

/**
 * Gives the staff secrets their first data key at boot: the key they were sealed with before data
 * keys existed when some are sealed already, a random one on a new platform.
 */
export async function ensureStaffKey(primary: Knex, keys: TenantKeys): Promise<void> {
  const sealed: Pick<StaffRow, 'id'> | undefined = await primary<StaffRow>('staff')
    .withSchema('platform')
    .whereNotNull('totp_secret_sealed')
    .first('id');
  await keys.ensurePlatformKey(primary, PLATFORM_SCOPE, sealed ? 'derived' : 'random');
}

export interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  role: StaffRole;
  locale: string | null;
  time_zone: string;
  password_hash: string;
  totp_secret_sealed: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  status: 'active' | 'deactivated';
}

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** The zone the member works in, for times shown beside the tenant's (IANA name). */
  timeZone: string;
  grants: string[];
}

export function staffDirectory(primary: Knex, keys: TenantKeys, throttle: LoginThrottle) {
  const staff = () => primary<StaffRow>('staff').withSchema('platform');
  const grantsOf = async (id: string): Promise<string[]> =>
    primary<{ tenant_slug: string; staff_id: string }>('staff_grants')
      .withSchema('platform')
      .where({ staff_id: id })
      .orderBy('tenant_slug')
      .pluck('tenant_slug');
  const event = (staffId: string | null, name: string, address: string | null) =>
    primary
      .withSchema('platform')
      .table('staff_events')
      .insert({ staff_id: staffId, event: name, client_address: address });

  return {
    async member(id: string): Promise<StaffMember | undefined> {
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const row: StaffRow | undefined = await staff().where({ id, status: 'active' }).first();
      return row
        ? {
            id: row.id,
            email: row.email,
            displayName: row.display_name,
            role: row.role,
            timeZone: row.time_zone,
            grants: await grantsOf(row.id),
          }
        : undefined;
    },

    /** Password and second factor together: staff always have both. */
    async signIn(
      email: string,
      password: string,
      code: string,
      address: string,
    ): Promise<StaffMember | 'throttled' | undefined> {
      const key = normalizeEmail(email);
      if (!(await throttle.check(PLATFORM_SCOPE, key, address)).allowed) return 'throttled';
      const row: StaffRow | undefined = await staff()
        .whereRaw('lower(email) = ?', [key])
        .where({ status: 'active' })
        .first();
      const passwordOk = row
        ? await verifyPassword(row.password_hash, password)
        : (await spendPasswordCheckTime(password), false);
      const step =
        row && passwordOk && row.totp_secret_sealed
          ? await checkTotp(await keys.forPlatform(primary, PLATFORM_SCOPE), row, code)
          : null;
      if (!row || step === null) {
        await throttle.failed(PLATFORM_SCOPE, key, address);
        await event(row?.id ?? null, 'login-failed', address);
        return undefined;
      }
      await staff()
        .where({ id: row.id })
        .update({ totp_last_step: String(step) });
      await throttle.succeeded(PLATFORM_SCOPE, key, address);
      await event(row.id, 'login', address);
      return {
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        timeZone: row.time_zone,
        grants: await grantsOf(row.id),
      };
    },

    async exists(email: string): Promise<boolean> {
      return (
        (await staff()
          .whereRaw('lower(email) = ?', [normalizeEmail(email)])
          .first()) !== undefined
      );
    },

    /** The active agents granted a tenant: whom a call-center ticket of it may be handed to. */
    async agentsGranted(slug: string): Promise<Pick<StaffMember, 'id' | 'email' | 'displayName'>[]> {
      const rows: Pick<StaffRow, 'id' | 'email' | 'display_name'>[] = await staff()
        .join('staff_grants as g', 'g.staff_id', 'staff.id')
        .where({ 'g.tenant_slug': slug, 'staff.role': 'agent', 'staff.status': 'active' })
        .orderBy('staff.email')
        .select('staff.id', 'staff.email', 'staff.display_name');
      return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name }));
    },

    /** Grants more tenants to an existing staff member (never removes any). */
    async grant(email: string, slugs: string[]): Promise<void> {
      const row: StaffRow | undefined = await staff()
        .whereRaw('lower(email) = ?', [normalizeEmail(email)])
        .first();
      if (!row || slugs.length === 0) return;
      await primary('staff_grants')
        .withSchema('platform')
        .insert(slugs.map((slug) => ({ staff_id: row.id, tenant_slug: slug })))
        .onConflict(['staff_id', 'tenant_slug'])
        .ignore();
    },

    /** Creates (or updates) a staff member with a second factor already set; for the CLI and demo data. */
    async upsert(input: {
      email: string;
      name: string;
      role: StaffRole;
      password: string;
      totpSecret: string;
      grants: string[];
      timeZone?: string;
    }): Promise<string> {
      const values = {
        email: normalizeEmail(input.email),
        display_name: input.name,
        role: input.role,
        password_hash: await hashPassword(input.password),
        totp_secret_sealed: (await keys.forPlatform(primary, PLATFORM_SCOPE)).seal('totp-secret', input.totpSecret),
        totp_enabled_at: primary.fn.now() as unknown as Date,
        ...(input.timeZone ? { time_zone: input.timeZone } : {}),
      };
      const existing: StaffRow | undefined = await staff().whereRaw('lower(email) = ?', [values.email]).first();
      const saved: { id: string }[] = existing
        ? await staff().where({ id: existing.id }).update(values).returning('id')
        : await staff().insert(values).returning('id');
      const id = saved[0]!.id;
      const grants = primary.withSchema('platform').table('staff_grants');
      await grants.clone().where({ staff_id: id }).delete();
      if (input.grants.length > 0)
        await grants.clone().insert(input.grants.map((slug) => ({ staff_id: id, tenant_slug: slug })));
      return id;
    },
  };
}

export type StaffDirectory = ReturnType<typeof staffDirectory>;
