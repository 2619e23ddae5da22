/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: database and queue reachable). */
import { Router } from 'express';
import { publicRoute } from '../identity/policy.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const withTimeout = <T>(work: Promise<T>, ms: number) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);

export function healthRouter(checks: ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', publicRoute, (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', publicRoute, async (_req, res) => {
    const results: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 3000);
          results[name] = 'ok';
        } catch (error) {
          ready = false;
          results[name] = (error as Error).message.split('\n')[0] ?? 'failed';
        }
      }),
    );
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  return router;
}
