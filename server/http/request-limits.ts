/**
 * Applies the named limits of rate-limits.ts with rate-limiter-flexible, on the store every
 * process shares: PostgreSQL in the embedded default (rate-limiter-flexible's table
 * platform.login_limits, which login throttling also uses, under other key prefixes) or Redis in
 * production. Should that store fail, each process falls back to counting in its own memory (the
 * library's insurance limiter) rather than refusing everyone or letting everything through.
 *
 * A refusal is a TooManyRequestsError: 429 with Retry-After, problem+json under /api/ and the
 * localized error page elsewhere (error-handler.ts).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { RedisConnection } from '../jobs/redis-connection.js';
import type { Knex } from 'knex';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from './errors.js';
import { LIMIT_NAMES, type Limit, type LimitName, type Limits } from './rate-limits.js';

export type LimitStore = { knex: Knex } | { redis: RedisConnection };

export class TooManyRequestsError extends AppError {
  constructor(limit: LimitName, retryAfterSeconds: number) {
    super('too_many_requests', 429, 'errors:too_many_requests', { count: Math.ceil(retryAfterSeconds / 60) });
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions = { limit, retryAfterSeconds };
  }
}

/** An e-mail address in a key: hashed, so the limiter's store holds no addresses and keys stay short. */
export function hashedKeyPart(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

/** A rate limiter for one limit on the shared store, insured by process memory. */
export function sharedLimiter(store: LimitStore, keyPrefix: string, limit: Limit): RateLimiterAbstract {
  const options = { keyPrefix, points: limit.points, duration: limit.seconds };
  const insuranceLimiter = new RateLimiterMemory(options);
  if ('redis' in store) return new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter });
  return new RateLimiterPostgres({
    ...options,
    storeClient: store.knex,
    storeType: 'knex',
    schemaName: 'platform',
    tableName: 'login_limits',
    tableCreated: true,
    // Login throttling (identity/throttle.ts) already clears the table's expired rows hourly.
    clearExpiredByTimeout: false,
    insuranceLimiter,
  });
}

export class RequestLimits {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  constructor(
    store: LimitStore,
    prefix: string,
    readonly limits: Limits,
  ) {
    this.limiters = Object.fromEntries(
      LIMIT_NAMES.map((name) => [name, sharedLimiter(store, `${prefix}limit-${name}`, limits[name])]),
    ) as Record<LimitName, RateLimiterAbstract>;
  }

  /** Spends one point of `name` for `key` (which begins with the tenant); throws TooManyRequestsError past the limit. */
  async spend(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new TooManyRequestsError(name, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
  }

  /** Middleware: one point of `name` per request, per tenant and client address. */
  perAddress(name: LimitName): RequestHandler {
    return async (req, _res, next) => {
      await this.spend(name, addressKey(req));
      next();
    };
  }

  /**
   * Middleware: one point of `name` per request, per tenant and signed-in account (after the
   * route's policy check; a request without an account counts against its address).
   */
  perAccount(name: LimitName): RequestHandler {
    return async (req, _res, next) => {
      await this.spend(name, req.user ? `${tenantPart(req)}|account|${req.user.id}` : addressKey(req));
      next();
    };
  }

  /** Middleware: the `upload` limit, spent only by requests that carry files (multipart), before they are read. */
  uploads(): RequestHandler {
    const perAccount = this.perAccount('upload');
    return (req, res, next) => (req.is('multipart/form-data') ? perAccount(req, res, next) : next());
  }
}

function tenantPart(req: Request): string {
  return req.tenant?.slug ?? '-';
}

/** Tenant and client address (as far as TRUST_PROXY lets the proxy name it). */
export function addressKey(req: Request): string {
  return `${tenantPart(req)}|${req.ip ?? 'unknown'}`;
}
