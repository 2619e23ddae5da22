/**
 * Bearer tokens of platform staff, for the platform's API: issued after the staff sign-in (password
 * and second factor, throttled like the page's), stored only as SHA-256, living 12 hours of real
 * time. A request with one is authenticated by it alone: the desk's session cookie plays no part,
 * so a page cannot be made to call the API in a staff member's name.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import type { StaffDirectory } from './staff.js';

export const STAFF_TOKEN_HOURS = 12;
const TOKEN_PATTERN = /^ks_[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function staffTokens(primary: Knex, directory: StaffDirectory) {
  const table = () => primary.withSchema('platform').table('staff_api_tokens');
  return {
    async issue(staffId: string): Promise<{ token: string; expiresAt: Date }> {
      const token = `ks_${randomBytes(32).toString('base64url')}`;
      const [row] = await table()
        .insert({
          staff_id: staffId,
          token_hash: hashToken(token),
          expires_at: primary.raw(`now() + interval '${STAFF_TOKEN_HOURS} hours'`),
        })
        .returning<{ expires_at: Date }[]>('expires_at');
      return { token, expiresAt: row!.expires_at };
    },

    /** Sets req.staff from `Authorization: Bearer ks_…`, and from nothing else. */
    authenticate() {
      return async (req: Request, _res: Response, next: NextFunction) => {
        req.staff = undefined;
        const header = req.headers.authorization;
        const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
        if (!TOKEN_PATTERN.test(token)) return next();
        const row = await table()
          .where({ token_hash: hashToken(token) })
          .whereNull('revoked_at')
          .andWhere('expires_at', '>', primary.fn.now())
          .first<{ id: string; staff_id: string } | undefined>('id', 'staff_id');
        if (row) {
          req.staff = await directory.member(row.staff_id);
          await table().where({ id: row.id }).update({ last_used_at: primary.fn.now() });
        }
        next();
      };
    },
  };
}

export type StaffTokens = ReturnType<typeof staffTokens>;
