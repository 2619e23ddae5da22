/**
 * A Redis Cluster of three masters with one replica each, on loopback ports, from Debian's
 * redis-server: no persistence (a test cluster), a short node timeout so a lost master's replica
 * takes over within seconds.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { run, sleep, waitFor } from './processes.js';

export interface RedisNodeState {
  port: number;
  dir: string;
}

export function startRedisNode(dir: string, port: number): RedisNodeState {
  const nodeDir = path.join(dir, `redis-${port}`);
  mkdirSync(nodeDir, { recursive: true });
  // redis-server forks itself (--daemonize) and writes its pid file: `down` stops it by its port.
  run('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    path.join(nodeDir, 'nodes.conf'),
    '--cluster-node-timeout',
    '3000',
    '--dir',
    nodeDir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--pidfile',
    path.join(nodeDir, 'redis.pid'),
    '--logfile',
    path.join(nodeDir, 'redis.log'),
  ]);
  return { port, dir: nodeDir };
}

export function redisCli(port: number, ...args: string[]): string {
  return run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
}

function clusterOk(port: number): boolean {
  try {
    return redisCli(port, 'cluster', 'info').includes('cluster_state:ok');
  } catch {
    return false;
  }
}

/** Starts the six nodes and joins them: the first three masters, one replica each. */
export async function startRedisCluster(dir: string, ports: number[]): Promise<RedisNodeState[]> {
  const nodes = ports.map((port) => startRedisNode(dir, port));
  for (const node of nodes) await waitFor(`redis on ${node.port}`, () => ping(node.port), 10_000);
  run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  ]);
  for (const node of nodes) await waitFor(`cluster state ok on ${node.port}`, () => clusterOk(node.port), 30_000);
  // Replicas report `ok` before their first sync is through; give them a moment.
  await sleep(500);
  return nodes;
}

export function ping(port: number): boolean {
  try {
    return redisCli(port, 'ping').trim() === 'PONG';
  } catch {
    return false;
  }
}

/** The cluster as its nodes see it: "master"/"slave" by port. */
export function clusterRoles(port: number): Map<number, string> {
  const roles = new Map<number, string>();
  for (const line of redisCli(port, 'cluster', 'nodes').trim().split('\n')) {
    const [, address, flags] = line.split(' ');
    const nodePort = Number(address?.split('@')[0]?.split(':')[1]);
    roles.set(nodePort, flags?.includes('master') ? 'master' : 'replica');
  }
  return roles;
}

export function stopRedisNode(port: number): void {
  try {
    redisCli(port, 'shutdown', 'nosave');
  } catch {
    // Already gone: `shutdown` ends the connection, or nothing listened.
  }
}

/** The hash slot of `key` (CLUSTER KEYSLOT; `{koneps}` and `koneps` share one). */
export function keySlot(port: number, key: string): number {
  return Number(redisCli(port, 'cluster', 'keyslot', key).trim());
}

/** The port of the master serving `slot`, as `port`'s node sees the cluster. */
export function slotMaster(port: number, slot: number): number | undefined {
  for (const line of redisCli(port, 'cluster', 'nodes').trim().split('\n')) {
    const [, address, flags, , , , , link, ...slots] = line.split(' ');
    if (!flags?.includes('master') || flags.includes('fail') || link !== 'connected') continue;
    const serves = slots.some((range) => {
      const [from, to] = range.split('-').map(Number);
      return from !== undefined && slot >= from && slot <= (to ?? from);
    });
    if (serves) return Number(address?.split('@')[0]?.split(':')[1]);
  }
  return undefined;
}

/** The pid of the node on `port` (from the pid file startRedisNode named). */
export function redisPid(dir: string, port: number): number {
  return Number(readFileSync(path.join(dir, `redis-${port}`, 'redis.pid'), 'utf8').trim());
}
