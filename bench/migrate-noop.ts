/**
 * `tenants migrate` with nothing pending, at 500 tenants: the service call, and the whole command
 * as an operator runs it (process start included). Target: <= 5 s.
 */
import { spawnSync } from 'node:child_process';
import { bootPlatform } from '../server/bootstrap.js';
import { createLogger } from '../server/logger.js';
import { scratch, timed, type Figure, type Server } from './support.js';

const TENANTS = 500;

export async function benchMigrateNoop(server: Server, env: NodeJS.ProcessEnv): Promise<Figure[]> {
  const db = await scratch(server, 'migrate');
  const platform = await bootPlatform({
    env: { ...env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.url, DB_POOL_MAX: '8' },
    logger: createLogger('silent'),
  });
  try {
    const [setup] = await timed(async () => {
      for (let i = 0; i < TENANTS; i += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, j) =>
            platform.provisioning.create(`m${i + j}`, { from: 'korea', demo: false }),
          ),
        );
      }
    });
    const [service, results] = await timed(() => platform.provisioning.migrateAll({ concurrency: 4 }));
    const applied = results.reduce((n, r) => n + r.applied.length, 0);
    const failed = results.filter((r) => !r.ok).length;
    await platform.close();
    const [command, run] = await timed(() =>
      Promise.resolve(
        spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/tenants.ts', 'migrate'], {
          env: { ...process.env, ...env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.url, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
        }),
      ),
    );
    const summary = run.stdout.trim().split('\n').at(-1) ?? '';
    return [
      { name: `provision ${TENANTS} tenants (setup)`, value: setup / 1000, unit: 's' },
      {
        name: `migrate, nothing pending, ${TENANTS} tenants (service)`,
        value: service / 1000,
        unit: 's',
        target: '<= 5',
        ok: service <= 5000 && applied === 0 && failed === 0,
        detail: `${results.length} checked, ${applied} applied, ${failed} failed`,
      },
      {
        name: `npm run tenants -- migrate, ${TENANTS} tenants (whole command)`,
        value: command / 1000,
        unit: 's',
        target: '<= 5',
        ok: command <= 5000 && run.status === 0,
        detail: summary,
      },
    ];
  } finally {
    await platform.close().catch(() => {});
    await db.drop();
  }
}
