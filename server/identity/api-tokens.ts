/**
 * Bearer tokens for machine clients: issued after the same sign-in checks as the browser (second
 * factor included), stored only as SHA-256, expiring and revocable. A token is looked up in the
 * requesting tenant's schema only, so a token of tenant A means nothing on tenant B.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import pg from 'pg';
import { inTenant, readInTenant } from '../tenancy/tenant-context.js';
import { SESSION_USER_COLUMNS, toSessionUser, type UserRow } from './users.js';

export const TOKEN_LIFETIME_HOURS = 12;
const TOKEN_PATTERN = /^kn_[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueApiToken(
  tx: Knex.Transaction,
  userId: string,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = `kn_${randomBytes(32).toString('base64url')}`;
  const [row] = await tx('api_tokens')
    .insert({
      user_id: userId,
      token_hash: hashToken(token),
      expires_at: tx.raw(`app_now() + interval '${TOKEN_LIFETIME_HOURS} hours'`),
    })
    .returning<{ id: string; expires_at: Date }[]>(['id', 'expires_at']);
  return { token, id: row!.id, expiresAt: row!.expires_at };
}

/** Revokes every live token of an account (new password, deactivation); returns how many. */
export async function revokeAllApiTokens(tx: Knex.Transaction, userId: string): Promise<number> {
  return tx('api_tokens')
    .where({ user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: tx.raw('app_now()') });
}

export async function revokeApiToken(tx: Knex.Transaction, tokenId: string): Promise<boolean> {
  return (
    (await tx('api_tokens')
      .where({ id: tokenId })
      .whereNull('revoked_at')
      .update({ revoked_at: tx.raw('app_now()') })) === 1
  );
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The bearer token that authenticated this request, when one did. */
    apiTokenId?: string;
  }
}

/** Authenticates `Authorization: Bearer kn_…` against the request's tenant. */
export async function bearerAuth(req: Request, _res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return next();
  const token = header.slice(7).trim();
  const tenant = req.tenant!;
  if (TOKEN_PATTERN.test(token)) {
    // One round trip: this runs before every API call.
    const [found] = await readInTenant<UserRow & { token_id: string; recently_used: boolean }>(
      tenant,
      `select ${SESSION_USER_COLUMNS.map((c) => `u.${c}`).join(', ')}, t.id as token_id,
              coalesce(t.last_used_at > app_now() - interval '1 minute', false) as recently_used
         from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = ${pg.escapeLiteral(hashToken(token))} and t.revoked_at is null
          and t.expires_at > app_now() and u.status = 'active'
        limit 1`,
    );
    // "Last used" to the minute is enough, and spares a write per request under load. None while
    // the tenant is being moved: its tables are locked against writes, and a read must not wait.
    if (found && !found.recently_used && !tenant.moving)
      await inTenant(tenant, (tx) =>
        tx('api_tokens')
          .where({ id: found.token_id })
          .update({ last_used_at: tx.raw('app_now()') }),
      );
    if (found) {
      req.user = toSessionUser(tenant.slug, found);
      req.apiTokenId = found.token_id;
    }
  }
  // An unknown, expired or foreign token leaves the request anonymous; policies answer 401.
  next();
}
