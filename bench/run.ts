/**
 * `npm run bench`: measures the platform's performance targets, each against a baseline measured
 * in the same run where the target is a ratio. Prints a table and writes bench/results/latest.json.
 * `npm run bench -- create sandbox migrate start bids tenants spike jobs` picks benchmarks. The
 * deadline spike (`spike`) starts a whole cluster from Debian packages (scripts/cluster); without
 * them it says so. The soak (`soak`, `--minutes N`) runs only when named: it takes ten minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBids } from './bids.js';
import { benchColdStart } from './cold-start.js';
import { benchMigrateNoop } from './migrate-noop.js';
import { benchPages } from './pages.js';
import { benchServer, type Figure } from './support.js';
import { benchJobs } from './jobs.js';
import { benchSoak } from './soak.js';
import { benchSpike } from './spike.js';
import { benchSandboxCreate } from './sandbox-create.js';
import { benchTenantCreate } from './tenant-create.js';
import { benchTenants } from './tenants.js';
import { ownRedis } from './redis.js';
import { missingPackages } from '../scripts/cluster/index.js';

const { values: options, positionals } = parseArgs({
  options: { minutes: { type: 'string', default: '10' } },
  allowPositionals: true,
});
const picked = new Set(positionals);
const OPT_IN = new Set(['soak']);
const wants = (name: string) => (picked.size === 0 ? !OPT_IN.has(name) : picked.has(name));
const minutes = Number(options.minutes);
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, not ${options.minutes}`);

const server = await benchServer();
const env: NodeJS.ProcessEnv = {
  NODE_ENV: 'test',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'koneps-bench-data-')),
  TENANTS_DIR: path.resolve('tenants'),
  SESSION_SECRET: 'bench-session-secret-long-enough-to-pass-validation',
  MASTER_KEY: 'Em4OUg0xq+A4sSvMnffvIhNO3E5iOT+IfbsieZteiQw=',
  LOG_LEVEL: 'silent',
};
process.stdout.write(`Benchmarks on ${server.kind}, ${os.cpus().length} cores, Node ${process.version}\n\n`);
const figures: Figure[] = [];
try {
  if (wants('pages')) figures.push(...(await benchPages()));
  if (wants('create')) figures.push(...(await benchTenantCreate(server, env)));
  if (wants('sandbox')) figures.push(...(await benchSandboxCreate(server, env)));
  if (wants('migrate')) figures.push(...(await benchMigrateNoop(server, env)));
  if (wants('start')) figures.push(...(await benchColdStart()));
  if (wants('bids')) figures.push(...(await benchBids(server, env)));
  if (wants('tenants')) figures.push(...(await benchTenants(server, env)));
  if (wants('spike')) {
    const missing = missingPackages();
    if (missing.length === 0) figures.push(...(await benchSpike()));
    else process.stdout.write(`Deadline spike on the cluster: not measured (apt-get install ${missing.join(' ')})\n`);
  }
  if (wants('soak')) figures.push(...(await benchSoak(server, env, minutes)));
  if (wants('jobs')) {
    figures.push(...(await benchJobs(server, env, { label: "BullMQ's PostgreSQL backend" })));
    const redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop: async () => {} } : await ownRedis();
    if (redis) {
      try {
        figures.push(...(await benchJobs(server, env, { label: 'Redis', redisUrl: redis.url })));
      } finally {
        await redis.stop();
      }
    } else {
      process.stdout.write('Redis: not measured (no REDIS_URL and no redis-server on this machine)\n');
    }
  }
} finally {
  await server.stop();
}
for (const f of figures) {
  const value =
    f.unit === 'ms'
      ? `${f.value.toFixed(1)} ms`
      : f.unit === 'x'
        ? `${f.value.toFixed(2)}x`
        : `${f.value.toFixed(2)} ${f.unit}`;
  const verdict = f.target ? `${f.ok ? 'meets' : 'MISSES'} target ${f.target}` : '';
  process.stdout.write(`${f.name.padEnd(66)} ${value.padStart(12)}  ${verdict}${f.detail ? `  (${f.detail})` : ''}\n`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify({ at: new Date().toISOString(), server: server.kind, figures }, null, 2),
);
process.exit(figures.some((f) => f.ok === false) ? 1 : 0);
