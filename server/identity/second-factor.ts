/**
 * TOTP second factor (RFC 6238) with single-use recovery codes. Secrets are sealed with the
 * tenant's data key (stored only wrapped by MASTER_KEY's key-encryption key); a code cannot be
 * used twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Keyring } from '../crypto/keyring.js';
import type { UserRow } from './users.js';

const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(issuer: string, email: string, secret: string): string {
  return generateURI({ issuer, label: email, secret });
}

/** Checks a TOTP code against the user's sealed secret; returns the time step used, or null. */
/** What checking a code needs of an account (tenant users and platform staff alike). */
export type TotpHolder = Pick<UserRow, 'totp_secret_sealed' | 'totp_last_step'>;

export async function checkTotp(
  keyring: Keyring,
  user: TotpHolder,
  token: string,
  secret?: string,
): Promise<number | null> {
  const plain =
    secret ?? (user.totp_secret_sealed ? keyring.open('totp-secret', user.totp_secret_sealed).toString() : null);
  if (!plain || !/^\d{6}$/.test(token.trim())) return null;
  const last = user.totp_last_step ? Number(user.totp_last_step) : undefined;
  const result = await verify({
    secret: plain,
    token: token.trim(),
    epochTolerance: PERIOD,
    ...(last ? { afterTimeStep: last } : {}),
  });
  if (!result.valid) return null;
  return 'timeStep' in result && typeof result.timeStep === 'number'
    ? result.timeStep
    : Math.floor(Date.now() / 1000 / PERIOD);
}

export async function enableTotp(
  tx: Knex.Transaction,
  keyring: Keyring,
  userId: string,
  secret: string,
  step: number,
): Promise<string[]> {
  await tx('users')
    .where({ id: userId })
    .update({
      totp_secret_sealed: keyring.seal('totp-secret', secret),
      totp_enabled_at: tx.raw('app_now()'),
      totp_last_step: step,
    });
  return replaceRecoveryCodes(tx, userId);
}

export async function recordTotpStep(tx: Knex.Transaction, userId: string, step: number): Promise<void> {
  await tx('users').where({ id: userId }).update({ totp_last_step: step });
}

/** Issues a fresh set of recovery codes (shown once) and forgets the old ones. */
export async function replaceRecoveryCodes(tx: Knex.Transaction, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx('recovery_codes')
    .where({ user_id: userId })
    .whereNull('used_at')
    .update({ used_at: tx.raw('app_now()') });
  await tx('recovery_codes').insert(codes.map((code) => ({ user_id: userId, code_hash: hashCode(code) })));
  return codes;
}

/** Consumes a recovery code; true when it was valid and unused. */
export async function useRecoveryCode(tx: Knex.Transaction, userId: string, code: string): Promise<boolean> {
  const used = await tx('recovery_codes')
    .where({ user_id: userId, code_hash: hashCode(code) })
    .whereNull('used_at')
    .update({ used_at: tx.raw('app_now()') });
  return used === 1;
}
