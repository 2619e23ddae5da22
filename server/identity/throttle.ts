/**
 * Login throttling that works across processes (PostgreSQL in the embedded default, Redis in
 * production) and that a rival cannot turn into a weapon. Failures are counted per account *and
 * address*: after 5, that pair waits 30 s, then 1, 2, 4 … minutes (at most an hour). A rival
 * failing logins in a supplier's name from elsewhere delays only the rival's own address; the
 * supplier's address stays open. Each address also has a ceiling of 100 failures an hour.
 */
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

const FREE_FAILURES = 5;
const MAX_DELAY_S = 3600;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures: RateLimiterAbstract;
  private readonly locks: RateLimiterAbstract;
  private readonly addresses: RateLimiterAbstract;

  constructor(store: { knex: Knex } | { redis: Redis }, prefix: string) {
    const make = (keyPrefix: string, points: number, duration: number) =>
      'redis' in store
        ? new RateLimiterRedis({ storeClient: store.redis, keyPrefix: `${prefix}${keyPrefix}`, points, duration })
        : new RateLimiterPostgres({
            storeClient: store.knex,
            storeType: 'knex',
            schemaName: 'platform',
            tableName: 'login_limits',
            tableCreated: true,
            clearExpiredByTimeout: true,
            keyPrefix,
            points,
            duration,
          });
    this.failures = make('login-fail', 1_000_000, 24 * 3600);
    this.locks = make('login-lock', 1, MAX_DELAY_S);
    this.addresses = make('login-addr', 100, 3600);
  }

  private static pair(slug: string, email: string, address: string): string {
    return `${slug}|${email}|${address}`;
  }

  async check(slug: string, email: string, address: string): Promise<ThrottleVerdict> {
    const [lock, byAddress] = await Promise.all([
      this.locks.get(LoginThrottle.pair(slug, email, address)),
      this.addresses.get(address),
    ]);
    const waits = [
      lock && lock.consumedPoints > 1 ? lock.msBeforeNext : 0,
      byAddress && byAddress.consumedPoints > 100 ? byAddress.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  async failed(slug: string, email: string, address: string): Promise<void> {
    const key = LoginThrottle.pair(slug, email, address);
    await this.addresses.penalty(address, 1);
    const count = (await this.failures.penalty(key, 1)).consumedPoints;
    if (count >= FREE_FAILURES) {
      const seconds = Math.min(30 * 2 ** (count - FREE_FAILURES), MAX_DELAY_S);
      await this.locks.block(key, seconds);
    }
  }

  async succeeded(slug: string, email: string, address: string): Promise<void> {
    const key = LoginThrottle.pair(slug, email, address);
    await Promise.all([this.failures.delete(key), this.locks.delete(key)]);
  }
}
