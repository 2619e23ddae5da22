/**
 * A sandbox's class: each trainee gets accounts for the roles of the exercise, one password and one
 * authenticator key for all of them (printed on the trainer's handout), and, as a supplier, a
 * company of their own, approved and able to bid. Passwords are random, never the published demo
 * password: a sandbox may run on a production platform.
 */
import { randomInt } from 'node:crypto';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { hashPassword } from '../identity/passwords.js';
import { newTotpSecret } from '../identity/second-factor.js';
import { approvedToBid } from '../tenancy/seed.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

/** The roles a trainee plays unless the scenario names others. */
export const EXERCISE_ROLES = ['officer', 'evaluator', 'supplier'] as const;
export type ExerciseRole = (typeof EXERCISE_ROLES)[number];

/** The class's agency: every trainee officer buys for it. */
export const CLASS_AGENCY = 'CLASS';

export function traineeNumber(n: number): string {
  return String(n).padStart(2, '0');
}

export function traineeEmail(slug: string, n: number, role: ExerciseRole): string {
  return `t${traineeNumber(n)}.${role}@${slug}.sandbox`;
}

/** Which trainee and role a sign-in name belongs to (the reverse of traineeEmail); undefined for others. */
export function traineeOf(email: string): { number: number; role: ExerciseRole } | undefined {
  const match = /^t(\d{2})\.([a-z]+)@/.exec(email);
  const role = EXERCISE_ROLES.find((r) => r === match?.[2]);
  return match && role ? { number: Number(match[1]), role } : undefined;
}

/** Letters and digits that no font confuses (no 0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789abcdefghjkmnpqrstuvwxyz';

/** Sixteen random characters in four groups, typed easily from a printed sheet (about 92 bits). */
export function traineePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

export interface TraineeDeps {
  keys: TenantKeys;
  i18n: i18n;
}

/** Writes the class's agency, each trainee's company and accounts, in the provisioning transaction. */
export async function seedTrainees(
  deps: TraineeDeps,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  count: number,
): Promise<void> {
  const languages = tenant.config.locales.supported;
  const locale = tenant.config.locales.default;
  const inEach = (key: string, values: Record<string, unknown> = {}) =>
    JSON.stringify(Object.fromEntries(languages.map((lng) => [lng, deps.i18n.t(key, { lng, ...values })])));
  const keyring = await deps.keys.forTenant(tx, tenant.slug);
  const [agency] = await tx('agencies')
    .insert({ code: CLASS_AGENCY, name: inEach('sandbox:class_agency') })
    .onConflict('code')
    .merge()
    .returning<{ id: string }[]>('id');
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  // Hashing is slow on purpose: one hash per trainee, all at once (argon2 runs off the main thread).
  const trainees = await Promise.all(
    numbers.map(async (n) => {
      const password = traineePassword();
      return { n, password, hash: await hashPassword(password), totp: newTotpSecret() };
    }),
  );
  await tx('trainees').insert(
    trainees.map((t) => ({
      number: t.n,
      password_sealed: keyring.seal('trainee-password', t.password),
      totp_secret_sealed: keyring.seal('totp-secret', t.totp),
    })),
  );
  const companies = await tx('suppliers')
    .insert(
      trainees.map((t) => ({
        legal_name: inEach('sandbox:trainee_company', { n: t.n }),
        registration_no: `CLASS-${traineeNumber(t.n)}`,
        tax_id: `CLASS-TAX-${traineeNumber(t.n)}`,
        representative: deps.i18n.t('sandbox:trainee_name', { lng: locale, n: t.n }),
        address: deps.i18n.t('sandbox:class_address', { lng: locale }),
        contact_email: traineeEmail(tenant.slug, t.n, 'supplier'),
        contact_phone: '+00 000 0000',
        ...approvedToBid(tx),
      })),
    )
    .returning<{ id: string; registration_no: string }[]>(['id', 'registration_no']);
  const companyOf = new Map(companies.map((c) => [c.registration_no, c.id]));
  await tx('users').insert(
    trainees.flatMap((t) =>
      EXERCISE_ROLES.map((role) => ({
        email: traineeEmail(tenant.slug, t.n, role),
        display_name: deps.i18n.t(`sandbox:trainee_as_${role}`, { lng: locale, n: t.n }),
        locale,
        roles: role === 'supplier' ? ['supplier-admin', 'supplier'] : [role],
        supplier_id: role === 'supplier' ? companyOf.get(`CLASS-${traineeNumber(t.n)}`) : null,
        agency_id: role === 'officer' ? agency!.id : null,
        password_hash: t.hash,
        email_verified_at: tx.raw('app_now()'),
        totp_secret_sealed: keyring.seal('totp-secret', t.totp),
        totp_enabled_at: tx.raw('app_now()'),
      })),
    ),
  );
}

export interface TraineeCard {
  number: number;
  password: string;
  totpSecret: string;
  accounts: { role: ExerciseRole; email: string }[];
}

/** What the handout prints for each trainee, opened from the sealed values (the trainer's view). */
export async function traineeCards(
  deps: TraineeDeps,
  tx: Knex.Transaction,
  tenant: TenantHandle,
): Promise<TraineeCard[]> {
  const keyring = await deps.keys.forTenant(tx, tenant.slug);
  const rows = await tx('trainees')
    .orderBy('number')
    .select<{ number: number; password_sealed: string; totp_secret_sealed: string }[]>();
  return rows.map((r) => ({
    number: r.number,
    password: keyring.open('trainee-password', r.password_sealed).toString('utf8'),
    totpSecret: keyring.open('totp-secret', r.totp_secret_sealed).toString('utf8'),
    accounts: EXERCISE_ROLES.map((role) => ({ role, email: traineeEmail(tenant.slug, r.number, role) })),
  }));
}
