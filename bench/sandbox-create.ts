/**
 * A training sandbox for a class of 12 (kurdistan, every trainee's three accounts with their own
 * password and authenticator key, the demo accounts, and the "failed tender, then a direct contract"
 * scenario set up by the services), from the call to its snapshot being written. Target: under 10 s.
 * For scale, the same run creates a plain tenant from the same template (schema, migrations, seed).
 */
import { bootPlatform } from '../server/bootstrap.js';
import { createI18n } from '../server/i18n/i18n.js';
import { openQueues } from '../server/jobs/queues.js';
import { createLogger } from '../server/logger.js';
import { createSandbox } from '../server/sandbox/service.js';
import { createServices } from '../server/services.js';
import { median, scratch, timed, type Figure, type Server } from './support.js';

const ROUNDS = 3;
const TRAINEES = 12;
const TARGET_MS = 10_000;
const SCENARIO = 'failed-tender-direct-contract';

export async function benchSandboxCreate(server: Server, env: NodeJS.ProcessEnv): Promise<Figure[]> {
  const db = await scratch(server, 'sandbox');
  const platform = await bootPlatform({
    env: {
      ...env,
      DATABASE_URL: db.url,
      DATABASE_OWNER_URL: db.url,
      DEMO_DATA: 'true',
      QUEUE_PREFIX: '{bench-sandbox}',
    },
    logger: createLogger('silent'),
  });
  const queues = openQueues({ databaseUrl: platform.databaseUrl, prefix: platform.config.queuePrefix });
  const services = createServices(platform, queues, await createI18n());
  const trainer = { actor: { type: 'platform' as const, id: null, label: 'bench' } };
  try {
    await queues.ready();
    const sandboxes: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const [ms] = await timed(() =>
        createSandbox(services, trainer, {
          slug: `class${i}`,
          template: 'kurdistan',
          trainees: TRAINEES,
          languages: [],
          days: 14,
          scenario: SCENARIO,
          trainerId: null,
        }),
      );
      sandboxes.push(ms);
      const [tenant] = await timed(() => platform.provisioning.create(`plain${i}`, { from: 'kurdistan', demo: true }));
      plain.push(tenant);
    }
    const slowest = Math.max(...sandboxes);
    return [
      {
        name: `sandbox for ${TRAINEES} trainees with the scenario set up (kurdistan)`,
        value: median(sandboxes),
        unit: 'ms',
        detail: `median of ${ROUNDS}; slowest ${Math.round(slowest)} ms`,
        target: `< ${TARGET_MS} ms`,
        ok: slowest < TARGET_MS,
      },
      {
        name: 'plain tenant from the same template (for scale)',
        value: median(plain),
        unit: 'ms',
        detail: `median of ${ROUNDS}`,
      },
    ];
  } finally {
    await services.relay.stop();
    await queues.close();
    await services.close();
    await platform.close();
    await db.drop();
  }
}
