/**
 * The web process of the tenants benchmark: the built server (dist/server/main.js, what the image
 * runs; the benchmark builds it first) exactly as it runs, plus answers to the
 * benchmark's questions over the IPC channel it was spawned with — the process's memory (after a
 * full garbage collection when asked, which needs --expose-gc) and the entries of the tenant-keyed
 * caches. Nothing else runs here, so the RSS is the server's own.
 */
import process from 'node:process';
import { tenantCacheSizes } from '../dist/server/tenancy/tenant-caches.js';

process.on('message', (question) => {
  const collect = globalThis.gc;
  if (question.gc && collect) {
    // Two passes: the first may only queue finalizers whose objects the second frees.
    collect();
    collect();
  }
  process.send?.({ memory: process.memoryUsage(), caches: tenantCacheSizes() });
});

await import('../dist/server/main.js');
