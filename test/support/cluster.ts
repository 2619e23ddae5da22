/**
 * The cluster tier's cluster (scripts/cluster): brought up once for the whole run by the first
 * test that asks for it, brought down after the run, whatever happened. It takes its own port
 * block (CLUSTER_PORT_BASE, 7400 here) so an operator's `npm run cluster -- up` (7300) is left alone.
 */
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { bootPlatform, type Platform } from '../../server/bootstrap.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { buildIsStale } from '../../scripts/cluster/apps.js';
import { clusterEnv, down, readState, up, type ClusterState } from '../../scripts/cluster/index.js';
import { freshTotp } from './session.js';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';

process.env.CLUSTER_PORT_BASE ??= '7400';

const log = (line: string) => process.stdout.write(`    cluster: ${line}\n`);
let started: Promise<ClusterState> | undefined;
let platform: Promise<Platform> | undefined;

/** The running cluster (built and started on first use). */
export function cluster(): Promise<ClusterState> {
  started ??= (async () => {
    if (buildIsStale()) {
      log('dist/ is missing or stale: npm run build');
      const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
      if (built.status !== 0) throw new Error('npm run build failed');
    }
    // A run that was killed before its after-hook left its cluster behind: clear it first.
    if (readState()) await down(log);
    return up(log);
  })();
  return started;
}

/**
 * A platform in this process on the cluster's databases and Redis, as the application role: to
 * add bidders the way the other tiers' factories do, and to look at both servers.
 */
export function clusterPlatform(): Promise<Platform> {
  platform ??= cluster().then((state) => bootPlatform({ env: { ...clusterEnv(state), LOG_LEVEL: 'silent' } }));
  return platform;
}

export async function tenantHandle(slug: string): Promise<TenantHandle> {
  const handle = await (await clusterPlatform()).tenancy.resolve(slug);
  if (!handle) throw new Error(`no tenant ${slug} on the cluster`);
  return handle;
}

/** Requests through the load balancer. */
export function lb(state: ClusterState) {
  return request(state.url);
}

/** The demo officer's bearer token, asked for over HTTP as an API client does (password and TOTP). */
export async function officerToken(state: ClusterState, slug: string): Promise<Record<string, string>> {
  const email = `officer@${slug}.demo`;
  const res = await lb(state)
    .post(`/t/${slug}/api/v1/auth/token`)
    .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${slug}/${email}`) });
  if (res.status !== 201) throw new Error(`token refused for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.token as string}` };
}

after(async function () {
  this.timeout(180_000);
  if (!started) return;
  await (await platform?.catch(() => undefined))?.close();
  await down(log);
});
