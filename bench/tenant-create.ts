/**
 * Create one tenant (schema + migrations + seed through the provisioning service) vs. executing the
 * same final DDL as one raw script, in the same run on the same server. Target: ratio <= 2.
 */
import type { Knex } from 'knex';
import pg from 'pg';
import { bootPlatform } from '../server/bootstrap.js';
import { createLogger } from '../server/logger.js';
import { median, scratch, timed, type Figure, type Server } from './support.js';

const ROUNDS = 15;

export async function benchTenantCreate(server: Server, env: NodeJS.ProcessEnv): Promise<Figure[]> {
  const db = await scratch(server, 'create');
  const platform = await bootPlatform({
    env: { ...env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.url },
    logger: createLogger('silent'),
  });
  try {
    // Record the DDL one real creation issues (as the owner role): that, as a single script, is the baseline.
    const owner = platform.ownerDatabases!.primary;
    const captured: string[] = [];
    const listener = (q: { sql: string; bindings?: unknown[] }) => {
      if (/^\s*(create|alter)\s/i.test(q.sql) && !/schema_migrations|create schema/i.test(q.sql)) {
        captured.push(owner.raw(q.sql, (q.bindings ?? []) as Knex.RawBinding[]).toQuery());
      }
    };
    owner.on('query', listener);
    await platform.provisioning.create('warmup', { from: 'korea', demo: false });
    owner.off('query', listener);
    const ddl = captured.join(';\n');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const viaService: number[] = [];
    const viaScript: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const [service] = await timed(() => platform.provisioning.create(`svc${i}`, { from: 'korea', demo: false }));
      viaService.push(service);
      const schema = `raw_${i}`;
      const [script] = await timed(() =>
        client.query(
          `begin; create schema ${schema}; set local search_path = ${schema};
           create table schema_migrations (name text primary key, applied_at timestamptz not null default now());
           ${ddl}; commit;`,
        ),
      );
      viaScript.push(script);
    }
    await client.end();
    const service = median(viaService);
    const script = median(viaScript);
    const ratio = service / script;
    return [
      {
        name: 'create tenant (service: schema + migrations + seed)',
        value: service,
        unit: 'ms',
        detail: `median of ${ROUNDS}`,
      },
      { name: 'same final DDL as one raw script (baseline)', value: script, unit: 'ms', detail: `median of ${ROUNDS}` },
      { name: 'create tenant / raw DDL ratio', value: ratio, unit: 'x', target: '<= 2', ok: ratio <= 2 },
    ];
  } finally {
    await platform.close();
    await db.drop();
  }
}
