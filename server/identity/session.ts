/**
 * Browser sessions: express-session with its data in PostgreSQL (platform.sessions, embedded
 * default) or Redis (production), never in memory. A session belongs to one tenant: its cookie is
 * scoped to the tenant's path (or host), and a session presented to another tenant is discarded.
 * Idle timeout through a rolling cookie and store TTL; an absolute limit from the creation time.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import { RedisStore } from 'connect-redis';
import pg from 'pg';
import { nodeRedisClient, usesRedis, type RedisTarget } from '../jobs/redis-connection.js';
import { registerTenantCache } from '../tenancy/tenant-caches.js';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'koneps.sid';

declare module 'express-session' {
  interface SessionData {
    tenant: string;
    createdAt: number;
    /** Password accepted, second factor still to come. */
    pendingSecondFactor?: { userId: string; at: number };
    /** A signed-in platform staff member (the /platform desk). */
    staffId?: string;
    csrf?: boolean;
    /** A TOTP secret being enrolled, sealed with the tenant key until confirmed. */
    enrolment?: string;
    flash?: string;
  }
}

export interface SessionStore {
  /**
   * A store for one session middleware. express-session writes its own generator onto the store
   * it is given, so every middleware (one per tenant path) needs its own store object; they share
   * one connection.
   */
  createStore(): Store;
  close(): Promise<void>;
}

export function openSessionStore(options: { databaseUrl: string; prefix: string } & RedisTarget): SessionStore {
  if (usesRedis(options)) {
    const client = nodeRedisClient(options);
    client.on('error', () => {});
    // A connection still being made when the process closes it (a short command) rejects: the
    // closing is meant, and an unreachable Redis is reported by /readyz and the session's requests.
    client.connect().catch(() => {});
    return {
      createStore: () => new RedisStore({ client, prefix: `${options.prefix}sess:`, ttl: IDLE_TIMEOUT_MS / 1000 }),
      close: async () => {
        await client.quit().catch(() => {});
      },
    };
  }
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3 });
  pool.on('error', () => {});
  const PgStore = connectPgSimple(session);
  const stores: InstanceType<typeof PgStore>[] = [];
  return {
    createStore() {
      // Only the first store prunes expired sessions; the others would repeat its work.
      const store = new PgStore({
        pool,
        schemaName: 'platform',
        tableName: 'sessions',
        createTableIfMissing: false,
        pruneSessionInterval: stores.length === 0 ? 15 * 60 : false,
      });
      stores.push(store);
      return store;
    },
    close: async () => {
      for (const store of stores) store.close();
      await pool.end();
    },
  };
}

/**
 * A session middleware whose cookie is scoped to `path`: saved only once something is stored in it.
 * `secure` (production): the cookie is Secure and set only on HTTPS requests; behind a proxy that
 * ends TLS, Express learns the request was HTTPS from X-Forwarded-Proto only as far as
 * TRUST_PROXY allows, so a proxy not trusted means no session rather than a cookie sent in clear.
 */
function sessionOn(path: string, stores: SessionStore, secret: string, secure: boolean): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    store: stores.createStore(),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { path, httpOnly: true, sameSite: 'lax', secure: secure ? true : 'auto', maxAge: IDLE_TIMEOUT_MS },
  });
}

/** The staff desk's session, on its own path (/platform). */
export function platformSession(stores: SessionStore, secret: string, secure: boolean): RequestHandler {
  return sessionOn('/platform', stores, secret, secure);
}

/**
 * One express-session middleware per base path, so the cookie of /t/kurdistan is never sent to
 * /t/vietnam, and a tenant on its own host gets a cookie for that host.
 */
export function tenantSessions(stores: SessionStore, secret: string, secure: boolean): RequestHandler {
  const byPath = new Map<string, RequestHandler>();
  registerTenantCache('session middleware by path', () => byPath.size);
  const forPath = (path: string) => {
    let handler = byPath.get(path);
    if (!handler) {
      handler = sessionOn(path || '/', stores, secret, secure);
      byPath.set(path, handler);
    }
    return handler;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const attach = (done: NextFunction) =>
      forPath(req.baseUrl)(req, res, (error?: unknown) => {
        if (error) return done(error);
        enforceTenantAndLifetime(req, done);
      });
    // A reader without a session cookie has no session to load, and reading a page needs none:
    // one is started only if the page asks for it (a form for anonymous visitors, startSession).
    if ((req.method === 'GET' || req.method === 'HEAD') && !hasSessionCookie(req)) {
      lazySessions.set(req, attach);
      return next();
    }
    attach(next);
  };
}

const lazySessions = new WeakMap<Request, (done: NextFunction) => void>();

function hasSessionCookie(req: Request): boolean {
  return typeof (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE] === 'string';
}

/** Gives the request its session now, if the tenant's session step put it off (see tenantSessions). */
export function startSession(req: Request, next: NextFunction): void {
  const attach = lazySessions.get(req);
  lazySessions.delete(req);
  if (attach && !req.session) return attach(next);
  next();
}

/** Runs `step` (Passport's session step) only for requests that have a session. */
export function withSession(step: RequestHandler): RequestHandler {
  return (req, res, next) => (req.session ? step(req, res, next) : next());
}

function enforceTenantAndLifetime(req: Request, next: NextFunction): void {
  const slug = req.tenant!.slug;
  const data = req.session;
  const foreign = data.tenant !== undefined && data.tenant !== slug;
  const expired = data.createdAt !== undefined && Date.now() - data.createdAt > ABSOLUTE_TIMEOUT_MS;
  if (foreign) {
    // Worthless here: carry on with a fresh anonymous session, leaving the other tenant's intact.
    req.sessionStore.generate(req);
    return next();
  }
  if (expired) {
    req.session.destroy((error) => {
      if (error) return next(error);
      req.sessionStore.generate(req);
      next();
    });
    return;
  }
  next();
}

/** Marks the session as this tenant's before anything is stored in it (anonymous visitors get none). */
export function claimSession(req: Request): void {
  // Platform staff pages have no tenant: their sessions are the platform's.
  req.session.tenant ??= req.tenant?.slug ?? '_platform';
  req.session.createdAt ??= Date.now();
}
