/**
 * The process's services for a command-line run (`npm run tenants -- sandbox-create …`), built as
 * the web and worker processes build theirs (main.ts, worker-main.ts) and closed when the command
 * ends. Top-level wiring: commands in cli/ ask for it instead of knowing every service.
 */
import { openPlatformQueues, type Platform } from './bootstrap.js';
import type { Deps } from './deps.js';
import { createI18n } from './i18n/i18n.js';
import { createServices } from './services.js';

export async function withCommandServices<T>(platform: Platform, work: (services: Deps) => Promise<T>): Promise<T> {
  const queues = openPlatformQueues(platform);
  const services = createServices(platform, queues, await createI18n());
  try {
    await queues.ready();
    return await work(services);
  } finally {
    await services.relay.stop();
    await queues.close();
    await services.close();
  }
}
