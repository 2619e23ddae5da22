/**
 * Where the cluster lives: one state directory and a block of loopback ports from one base
 * (CLUSTER_PORT_BASE, default 7300), so a laptop's own PostgreSQL (5432) and Redis (6379) are
 * never touched and two clusters on different bases never meet.
 */
import os from 'node:os';
import path from 'node:path';

export interface Layout {
  dir: string;
  base: number;
  postgres: [number, number];
  redis: number[];
  web: [number, number];
  haproxy: number;
  /** HAProxy's statistics (CSV at /stats;csv): which web process served how many requests. */
  haproxyStats: number;
}

export function clusterLayout(env: NodeJS.ProcessEnv = process.env): Layout {
  const base = Number(env.CLUSTER_PORT_BASE ?? 7300);
  if (!Number.isInteger(base) || base < 1024 || base > 65535 - 10_000 - 20)
    throw new Error(`CLUSTER_PORT_BASE must be a port between 1024 and ${65535 - 10_020} (Redis uses port + 10000)`);
  return {
    dir: path.resolve(env.CLUSTER_DIR ?? path.join(os.tmpdir(), `koneps-cluster-${base}`)),
    base,
    postgres: [base, base + 1],
    // Three masters and three replicas; each node also listens on port + 10000 (cluster bus).
    redis: [2, 3, 4, 5, 6, 7].map((n) => base + n),
    web: [base + 8, base + 9],
    haproxy: base + 10,
    haproxyStats: base + 11,
  };
}
