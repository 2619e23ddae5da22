/**
 * Every limit on anonymous or costly work, by name, in one place. A limit allows `points` requests
 * per `seconds`, counted per key; request-limits.ts applies them, shared by every process through
 * PostgreSQL (embedded default) or Redis (production). Keys always start with the tenant, so one
 * tenant's traffic never spends another's allowance, then name the client address or, where a
 * limit says so, the account (or the e-mail address asked about, whether or not an account has it).
 *
 * The defaults are meant for production: a person never meets them, a script does. RATE_LIMITS
 * (server/config.ts) overrides any of them, e.g. `public-search=600/60,contract-pdf=5/600`.
 */

export const LIMIT_NAMES = [
  'password-forgot-address',
  'password-forgot-account',
  'verification-resend-address',
  'verification-resend-account',
  'supplier-registration',
  'upload',
  'api-token',
  'contract-pdf',
  'public-search',
  'open-data',
  'alert-unsubscribe',
  'login-account-ceiling',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];

export interface Limit {
  points: number;
  seconds: number;
}

export type Limits = Record<LimitName, Limit>;

export const DEFAULT_LIMITS: Limits = {
  /** Forgotten password, per tenant and client address: mail bombing from one place. */
  'password-forgot-address': { points: 5, seconds: 15 * 60 },
  /**
   * Forgotten password, per tenant and e-mail address typed (counted the same whether or not an
   * account has it, so a refusal reveals nothing): mail bombing one person from many places.
   */
  'password-forgot-account': { points: 3, seconds: 60 * 60 },
  /** A new e-mail confirmation link, per tenant and client address. */
  'verification-resend-address': { points: 5, seconds: 15 * 60 },
  /** A new e-mail confirmation link, per tenant and e-mail address typed (with or without an account). */
  'verification-resend-account': { points: 3, seconds: 60 * 60 },
  /** Supplier registrations (up to 15 MB of files each), per tenant and client address. */
  'supplier-registration': { points: 5, seconds: 60 * 60 },
  /**
   * Requests carrying files (notice documents, addenda, bids with proposal files), per tenant and
   * account: an agency office or a supplier behind one address is not one uploader.
   */
  upload: { points: 60, seconds: 60 * 60 },
  /** API token requests (each an argon2 check), per tenant and client address. */
  'api-token': { points: 20, seconds: 15 * 60 },
  /** Contract PDFs (a Chromium print each), per tenant and client address. */
  'contract-pdf': { points: 20, seconds: 10 * 60 },
  /**
   * Public listings and searches (notices, plans, pre-specifications, contracts), per tenant and
   * address: generous, as a ministry's staff or an internet café share one address.
   */
  'public-search': { points: 300, seconds: 60 },
  /**
   * OCDS packages (up to 1000 releases each) and bulk files, per tenant and address: enough for
   * an analyst's tool paging through years of data, not for a loop asking the same page again.
   */
  'open-data': { points: 120, seconds: 60 },
  /** One-click unsubscribe links (opened and posted, by people and mail programs), per tenant and address. */
  'alert-unsubscribe': { points: 30, seconds: 15 * 60 },
  /**
   * Failed sign-ins per account across all addresses (identity/throttle.ts): past it, the account
   * waits out the window, except from addresses it has signed in from before.
   */
  'login-account-ceiling': { points: 20, seconds: 15 * 60 },
};

const OVERRIDE = /^([a-z-]+)=(\d{1,7})\/(\d{1,7})$/;

/**
 * Parses RATE_LIMITS (`name=points/seconds,…`) over the defaults. Returns an error message naming
 * the faulty part instead of throwing, for config.ts to report.
 */
export function parseLimits(raw: string): Limits | string {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = OVERRIDE.exec(part);
    const name = match?.[1] as LimitName | undefined;
    if (!match || !name || !LIMIT_NAMES.includes(name)) {
      return `"${part}" is not name=points/seconds with a name among ${LIMIT_NAMES.join(', ')}`;
    }
    const points = Number(match[2]);
    const seconds = Number(match[3]);
    if (points < 1 || seconds < 1) return `"${part}": points and seconds must be at least 1`;
    limits[name] = { points, seconds };
  }
  return limits;
}
