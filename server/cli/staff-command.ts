/**
 * `npm run tenants -- staff-add <email>`: creates or resets a platform staff account (operator,
 * call-center agent or trainer) with the tenants granted and the zone they work in; its password
 * and authenticator are printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Platform } from '../bootstrap.js';
import { newTotpSecret, totpUri } from '../identity/second-factor.js';
import { LoginThrottle } from '../identity/throttle.js';
import { staffDirectory } from '../platform/staff.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { isTimeZone } from '../time/zone.js';

export interface StaffOptions {
  role: string;
  name: string;
  /** Comma-separated tenant slugs. */
  grant: string;
  timeZone: string;
}

/** The lines to print: the account and its secrets, shown this once. */
export async function addStaffFromCli(platform: Platform, email: string, options: StaffOptions): Promise<string[]> {
  if (options.role !== 'operator' && options.role !== 'agent' && options.role !== 'trainer')
    throw new ProvisioningError('--role must be operator, agent or trainer');
  if (!isTimeZone(options.timeZone))
    throw new ProvisioningError(`--time-zone must be an IANA time zone such as Asia/Seoul, not "${options.timeZone}"`);
  const grants = options.grant
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const slug of grants) {
    if (!(await platform.tenancy.registry.find(slug)))
      throw new ProvisioningError(`No tenant "${slug}"; nothing changed`);
  }
  const password = randomBytes(15).toString('base64url');
  const totpSecret = newTotpSecret();
  const directory = staffDirectory(
    platform.databases.primary,
    platform.keys,
    new LoginThrottle({ knex: platform.databases.primary }, ''),
  );
  await directory.upsert({
    email,
    name: options.name,
    role: options.role,
    password,
    totpSecret,
    grants,
    timeZone: options.timeZone,
  });
  return [
    `Staff account ${email} (${options.role}; tenants: ${grants.join(', ') || 'none'})`,
    `  password (shown once): ${password}`,
    `  authenticator: ${totpUri('KONEPS platform', email, totpSecret)}`,
  ];
}
