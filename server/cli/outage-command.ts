/**
 * `npm run tenants -- outage <slug> --from ISO --to ISO --reason TEXT`: records a system outage for
 * a tenant from the operator's shell, as the staff desk's outage page does. The CLI does not talk
 * to the queues: the e-mails it causes wait in the tenant's job outbox, which the running worker's
 * sweep relays within seconds.
 */
import { PublishingAuditTrail } from '../ocds/publishing-trail.js';
import os from 'node:os';
import { AuditSealer } from '../audit/sealer.js';
import type { Platform } from '../bootstrap.js';
import { AppError } from '../http/errors.js';
import { createI18n } from '../i18n/i18n.js';
import { outboxInsert, type JobEnqueuer } from '../jobs/outbox.js';
import { Mailer } from '../mail/outbox.js';
import { outageSchema, outagesService } from '../procurement/notices/outages.js';
import { ProvisioningError } from '../tenancy/provisioning.js';

/** Writes jobs to the outbox only; the worker relays them. */
const outboxOnly: JobEnqueuer = {
  async enqueue(tx, tenant, job) {
    await outboxInsert(tx, tenant, job);
  },
  outboxWrite: outboxInsert,
};

/** Records the outage; returns the lines to print. Refusals become ProvisioningErrors (exit 1). */
export async function recordOutageFromCli(
  platform: Platform,
  slug: string,
  options: { from: string; to: string; reason: string },
): Promise<string[]> {
  const tenant = await platform.tenancy.resolve(slug);
  if (!tenant) throw new ProvisioningError(`No tenant "${slug}"`);
  const i18n = await createI18n();
  const sealer = new AuditSealer(platform.logger, undefined, platform.keys);
  // Deadlines moved by the outage are published as tender amendments, as from the web.
  const audit = new PublishingAuditTrail(
    sealer,
    platform.config.publicUrl ?? `http://localhost:${platform.config.port}`,
  );
  const services = { audit, mailer: new Mailer(i18n, outboxOnly), i18n, relay: outboxOnly };
  const operator = `cli:${os.userInfo().username}`;
  try {
    const schema = outageSchema(tenant.config.timeZone);
    const input = schema.safeParse(options);
    if (!input.success)
      throw new ProvisioningError(
        `Invalid ${input.error.issues.map((i) => `--${i.path.join('.')}`).join(', ')} (an ISO time such as 2026-09-10T09:00+09:00); nothing changed`,
      );
    const result = await outagesService(services).record(
      tenant,
      { actor: { type: 'platform', id: null, label: operator } },
      { ...input.data, recordedBy: operator },
    );
    const lines = [
      result.created
        ? `Recorded an outage of ${slug} from ${input.data.from.toISOString()} to ${input.data.to.toISOString()} (${result.rules.join('; ')})`
        : `This outage of ${slug} was already recorded`,
      ...result.extended.map(
        (e) =>
          `  extended ${e.noticeNo ?? e.noticeId}: ${e.before.toISOString()} -> ${e.after.toISOString()} (addendum ${e.addendum})`,
      ),
      `${result.extended.length} notices extended`,
    ];
    return lines;
  } catch (error) {
    if (error instanceof AppError) {
      const t = i18n.getFixedT('en');
      const reasons = error.details.length > 0 ? error.details.map((d) => t(d.key, d.params)) : [t(error.key)];
      throw new ProvisioningError(`${reasons.join(' ')} Nothing changed.`);
    }
    throw error;
  } finally {
    await sealer.close();
  }
}
