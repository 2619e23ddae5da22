/**
 * The web process of the tenants and soak benchmarks: the built server (dist/server/main.js, what
 * the image runs; the benchmark builds it first) exactly as it runs, plus answers to the
 * benchmark's questions over the IPC channel it was spawned with — the process's memory (after a
 * full garbage collection when asked, which needs --expose-gc), the entries of the tenant-keyed
 * caches, and its event-loop delay since it was last reset (perf_hooks' histogram, in ms). Nothing
 * else runs here, so the RSS is the server's own.
 */
import process from 'node:process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tenantCacheSizes } from '../dist/server/tenancy/tenant-caches.js';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const ms = (ns) => ns / 1e6;

process.on('message', (question) => {
  const collect = globalThis.gc;
  if (question.gc && collect) {
    // Two passes: the first may only queue finalizers whose objects the second frees.
    collect();
    collect();
  }
  const loop = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
  if (question.resetLoop) delay.reset();
  process.send?.({ memory: process.memoryUsage(), caches: tenantCacheSizes(), loop });
});

await import('../dist/server/main.js');
