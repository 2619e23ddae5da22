/** Single-use, expiring tokens sent by e-mail (verification, password reset, invitation). */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export type TokenPurpose = 'verify-email' | 'reset-password' | 'invitation';

const LIFETIME_HOURS: Record<TokenPurpose, number> = { 'verify-email': 48, 'reset-password': 1, invitation: 7 * 24 };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createAccountToken(tx: Knex.Transaction, userId: string, purpose: TokenPurpose): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx('account_tokens').insert({
    user_id: userId,
    purpose,
    token_hash: hash(token),
    expires_at: tx.raw(`app_now() + make_interval(hours => ?)`, [LIFETIME_HOURS[purpose]]),
  });
  return token;
}

/** The user a token is for, if it is valid now (unused, unexpired, of this purpose). */
export async function peekAccountToken(
  tx: Knex.Transaction,
  token: string,
  purpose: TokenPurpose,
): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await tx('account_tokens')
    .where({ token_hash: hash(token), purpose })
    .whereNull('used_at')
    .where('expires_at', '>', tx.raw('app_now()'))
    .first<{ user_id: string } | undefined>('user_id');
  return row?.user_id;
}

/** Uses a token once; returns its user, or undefined when it is expired, used or unknown. */
export async function consumeAccountToken(
  tx: Knex.Transaction,
  token: string,
  purpose: TokenPurpose,
): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await tx('account_tokens')
    .where({ token_hash: hash(token), purpose })
    .whereNull('used_at')
    .where('expires_at', '>', tx.raw('app_now()'))
    .update({ used_at: tx.raw('app_now()') })
    .returning<{ user_id: string }[]>('user_id');
  return row?.user_id;
}
