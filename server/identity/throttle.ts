/**
 * Login throttling that works across processes (PostgreSQL in the embedded default, Redis in
 * production) and that a rival cannot turn into a weapon.
 *
 * - Per account *and address*: after 5 failures, that pair waits 30 s, then 1, 2, 4 … minutes (at
 *   most an hour). A rival failing logins in a supplier's name from elsewhere delays only the
 *   rival's own address; the supplier's address stays open.
 * - Per address: a ceiling of 100 failures an hour, whatever the accounts.
 * - Per account, across addresses (the `login-account-ceiling` limit, by default 20 failures in 15
 *   minutes): guessing one account's password from many addresses, each under its own limit,
 *   stops there: until the window ends, the account cannot sign in from an address it has not
 *   signed in from before. What keeps a rival from locking a supplier out with it:
 *   - addresses the account signed in from in the last 90 days are exempt: the supplier at the
 *     office (or wherever they usually work) is never held by it;
 *   - the wait never grows: it ends with the window (15 minutes at most), and keeping an account
 *     under it costs the rival failures that also count against the rival's own addresses;
 *   - resetting the password through the e-mailed link (which a rival cannot follow) lifts it.
 * E-mail addresses are hashed in the keys: the store holds no addresses of people.
 */
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../jobs/redis-connection.js';
import { DEFAULT_LIMITS, type Limit } from '../http/rate-limits.js';
import { hashedKeyPart } from '../http/request-limits.js';

const FREE_FAILURES = 5;
const MAX_DELAY_S = 3600;
const ADDRESS_CEILING = 100;
const KNOWN_ADDRESS_S = 90 * 24 * 3600;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures: RateLimiterAbstract;
  private readonly locks: RateLimiterAbstract;
  private readonly addresses: RateLimiterAbstract;
  private readonly accounts: RateLimiterAbstract;
  private readonly knownAddresses: RateLimiterAbstract;

  constructor(
    store: { knex: Knex } | { redis: RedisConnection },
    prefix: string,
    private readonly accountCeiling: Limit = DEFAULT_LIMITS['login-account-ceiling'],
  ) {
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
    this.addresses = make('login-addr', ADDRESS_CEILING, 3600);
    this.accounts = make('login-acct', accountCeiling.points, accountCeiling.seconds);
    this.knownAddresses = make('login-known', 1, KNOWN_ADDRESS_S);
  }

  private static account(slug: string, email: string): string {
    return `${slug}|${hashedKeyPart(email)}`;
  }

  private static pair(slug: string, email: string, address: string): string {
    return `${LoginThrottle.account(slug, email)}|${address}`;
  }

  async check(slug: string, email: string, address: string): Promise<ThrottleVerdict> {
    const pair = LoginThrottle.pair(slug, email, address);
    const [lock, byAddress, byAccount, known] = await Promise.all([
      this.locks.get(pair),
      this.addresses.get(address),
      this.accounts.get(LoginThrottle.account(slug, email)),
      this.knownAddresses.get(pair),
    ]);
    const waits = [
      lock && lock.consumedPoints > 1 ? lock.msBeforeNext : 0,
      byAddress && byAddress.consumedPoints > ADDRESS_CEILING ? byAddress.msBeforeNext : 0,
      byAccount && byAccount.consumedPoints >= this.accountCeiling.points && !known ? byAccount.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  async failed(slug: string, email: string, address: string): Promise<void> {
    const key = LoginThrottle.pair(slug, email, address);
    await this.addresses.penalty(address, 1);
    await this.accounts.penalty(LoginThrottle.account(slug, email), 1);
    const count = (await this.failures.penalty(key, 1)).consumedPoints;
    if (count >= FREE_FAILURES) {
      const seconds = Math.min(30 * 2 ** (count - FREE_FAILURES), MAX_DELAY_S);
      await this.locks.block(key, seconds);
    }
  }

  /** Clears the pair's failures and remembers the address as one the account signs in from. */
  async succeeded(slug: string, email: string, address: string): Promise<void> {
    const key = LoginThrottle.pair(slug, email, address);
    await Promise.all([
      this.failures.delete(key),
      this.locks.delete(key),
      this.knownAddresses.set(key, 1, KNOWN_ADDRESS_S),
    ]);
  }

  /**
   * Until when the account is held from these addresses (the call center's view of an account),
   * or null when it may sign in from all of them.
   */
  async heldUntil(slug: string, email: string, addresses: string[], at = Date.now()): Promise<Date | null> {
    const verdicts = await Promise.all(addresses.map((address) => this.check(slug, email, address)));
    const wait = Math.max(0, ...verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds)));
    return wait > 0 ? new Date(at + wait * 1000) : null;
  }

  /**
   * Lifts the holds on the account from these addresses and across addresses, after the call
   * center checked the caller's identity. The ceiling of each address itself stays: it holds a
   * rival's address whatever account it tries.
   */
  async unlock(slug: string, email: string, addresses: string[]): Promise<void> {
    const pairs = addresses.map((address) => LoginThrottle.pair(slug, email, address));
    await Promise.all([
      this.accounts.delete(LoginThrottle.account(slug, email)),
      ...pairs.flatMap((pair) => [this.failures.delete(pair), this.locks.delete(pair)]),
    ]);
  }

  /** The account proved it holds its mailbox (a password reset): lifts the ceiling across addresses. */
  async accountRecovered(slug: string, email: string): Promise<void> {
    await this.accounts.delete(LoginThrottle.account(slug, email));
  }
}
