/**
 * One Redis server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES, a few of its nodes as
 * host:port; the client learns the rest). BullMQ, the rate limits and the sessions all connect
 * through here. Every key they write starts with the brace-wrapped QUEUE_PREFIX, so the keys a
 * script or a session touches hash to one slot, as a cluster requires.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { createClient, createCluster } from 'redis';

export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisTarget {
  redisUrl?: string;
  redisClusterNodes?: readonly RedisNode[];
}

export type RedisConnection = Redis | Cluster;

/** "127.0.0.1:7001,127.0.0.1:7002" → nodes; undefined when a part is not host:port. */
export function parseClusterNodes(raw: string): RedisNode[] | undefined {
  const nodes = raw.split(',').map((part) => /^\s*([^\s:,]+):(\d{1,5})\s*$/.exec(part));
  if (nodes.length === 0 || nodes.some((m) => !m || Number(m[2]) > 65535)) return undefined;
  return nodes.map((m) => ({ host: m![1]!, port: Number(m![2]) }));
}

export function usesRedis(target: RedisTarget): boolean {
  return Boolean(target.redisUrl || target.redisClusterNodes?.length);
}

/** An ioredis client (BullMQ, rate limits) on the target; `options` apply to every node. */
export function ioredisClient(target: RedisTarget, options: RedisOptions): RedisConnection {
  if (target.redisClusterNodes?.length) {
    // A command sent while the cluster elects a new master is retried after the slots refresh.
    return new Cluster([...target.redisClusterNodes], {
      redisOptions: options,
      enableOfflineQueue: options.enableOfflineQueue ?? true,
      slotsRefreshTimeout: 2000,
    });
  }
  if (!target.redisUrl) throw new Error('no Redis configured');
  return new Redis(target.redisUrl, options);
}

/** A node-redis client (connect-redis sessions) on the target, not yet connected. */
export function nodeRedisClient(target: RedisTarget) {
  if (target.redisClusterNodes?.length) {
    return createCluster({
      rootNodes: target.redisClusterNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
    });
  }
  return createClient({ url: target.redisUrl });
}
