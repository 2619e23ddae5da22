/**
 * The web process of the tenants benchmark: server/main.ts exactly as it runs, plus answers to the
 * benchmark's questions over the IPC channel it was spawned with — the process's memory (after a
 * full garbage collection when asked, which needs --expose-gc) and the entries of the tenant-keyed
 * caches. Nothing else runs here, so the RSS is the server's own.
 */
import { tenantCacheSizes } from '../server/tenancy/tenant-caches.js';

interface Question {
  gc?: boolean;
}

process.on('message', (question: Question) => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (question.gc && collect) {
    // Two passes: the first may only queue finalizers whose objects the second frees.
    collect();
    collect();
  }
  process.send?.({ memory: process.memoryUsage(), caches: tenantCacheSizes() });
});

await import('../server/main.js');
