/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the primary database and
 * the job queue reachable, and each placement database named apart). A check that fails names its
 * dependency and why in words (`"database": "down: connection refused"`); the error itself, which
 * may carry internal host names, goes to the log only.
 */
import { Router } from 'express';
import type { Platform } from '../bootstrap.js';
import { unavailability } from '../db/unavailable.js';
import { publicRoute } from '../identity/policy.js';
import type { QueueSystem } from '../jobs/queues.js';
import type { Logger } from '../logger.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  /**
   * False for a dependency only some tenants use (a placement database): when it is down the
   * instance still serves every other tenant, so it stays in the load balancer ("degraded").
   */
  required?: boolean;
}

const CHECK_TIMEOUT_MS = 3000;

class CheckTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

const withTimeout = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new CheckTimeout()), ms).unref())]);

/**
 * The checks of a process serving requests: `database` (the primary: registry, sessions, most
 * tenants), `database:<VARIABLE>` for each placement database (named by its environment variable)
 * and `queue` (Redis in production, the primary database in the embedded default).
 */
export function readinessChecks(platform: Pick<Platform, 'databases' | 'databaseUrl' | 'config'>, queues: QueueSystem) {
  const select1 = (url?: string) => async () => {
    const db = url ? platform.databases.forUrl(url) : platform.databases.primary;
    await db.raw('select 1');
  };
  const checks: ReadinessCheck[] = [{ name: 'database', check: select1() }];
  for (const [variable, url] of platform.config.placementUrls) {
    if (url !== platform.databaseUrl)
      checks.push({ name: `database:${variable}`, check: select1(url), required: false });
  }
  checks.push({ name: 'queue', check: async () => void (await queues.queues.critical.getJobCounts('waiting')) });
  return checks;
}

export function healthRouter(checks: ReadinessCheck[], logger?: Logger): Router {
  const router = Router();
  router.get('/healthz', publicRoute, (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', publicRoute, async (_req, res) => {
    const results: Record<string, string> = {};
    let ready = true;
    let degraded = false;
    await Promise.all(
      checks.map(async ({ name, check, required = true }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          results[name] = 'ok';
        } catch (error) {
          if (required) ready = false;
          else degraded = true;
          const reason = unavailability(error);
          results[name] = reason ? `down: ${reason}` : 'down';
          logger?.warn({ err: error, check: name }, 'readiness check failed');
        }
      }),
    );
    const status = !ready ? 'not ready' : degraded ? 'degraded' : 'ready';
    res.status(ready ? 200 : 503).json({ status, checks: results });
  });
  return router;
}
