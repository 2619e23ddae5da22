/**
 * Training sandboxes: tenants made from a partner's config for a class, with accounts for each
 * trainee, a clock the trainer moves (clock.ts), and an expiry. Creating one is provisioning work
 * (schema, migrations, seed) done with the database owner role; its class and clock are in the
 * registry, so every process sees the same sandbox. Once made, it is exported as its snapshot
 * (what reset.ts restores) and its expiry is planned (expiry-job.ts).
 */
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { Language } from '../i18n/languages.js';
import { ensureTenantSchedules } from '../jobs/schedules.js';
import { tenantArchives } from '../tenancy/archive.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { parseSlug } from '../tenancy/slug.js';
import type { AuditContext } from '../audit/trail.js';
import { planSandboxExpiry } from './expiry-job.js';
import { sandboxSnapshot } from './files.js';
import { setUpScenario, type SetupDeps } from './scenario-setup.js';
import { seedTrainees } from './trainees.js';

export const DEFAULT_SANDBOX_DAYS = 14;
export const MAX_SANDBOX_DAYS = 90;

export interface NewSandbox {
  slug: string;
  /** The partner whose config the sandbox is made from. */
  template: string;
  trainees: number;
  /** Some of the template's languages; empty = all. */
  languages: Language[];
  /** Days until it expires and its job drops it. */
  days: number;
  /** An exact expiry instead of `days`: for tests that watch a sandbox expire, never a form's input. */
  expiresAt?: Date;
  scenario: string | null;
  /** The staff member who runs it (null from the command line). */
  trainerId: string | null;
}

/** A sandbox the form or the API asked for cannot be made as asked (the field says why). */
export class SandboxRefusedError extends AppError {
  constructor(field: string, key: string, params: Record<string, unknown> = {}) {
    super('sandbox_refused', 422, 'sandbox:sandbox_refused', {}, [{ field, key, params }]);
  }
}

type SandboxDeps = SetupDeps &
  Pick<
    Deps,
    'tenancy' | 'provisioning' | 'keys' | 'i18n' | 'audit' | 'demoData' | 'queues' | 'sandboxDir' | 'scenarios'
  >;

/** This process was not given the database owner role, which creating a schema needs. */
export class ProvisioningUnavailableError extends AppError {
  constructor() {
    super('provisioning_unavailable', 503, 'sandbox:provisioning_unavailable');
  }
}

export async function createSandbox(deps: SandboxDeps, audit: AuditContext, input: NewSandbox): Promise<TenantRecord> {
  if (!deps.tenancy.canProvision) throw new ProvisioningUnavailableError();
  const slug = parseSlug(input.slug);
  if (!slug) throw new SandboxRefusedError('slug', 'sandbox:slug_invalid');
  // A sandbox never takes the name of a partner's portal, nor copies another sandbox.
  if (deps.tenancy.configs.get(slug)) throw new SandboxRefusedError('slug', 'sandbox:slug_taken');
  const templateSlug = parseSlug(input.template);
  const template = templateSlug && deps.tenancy.configs.get(templateSlug);
  if (!template) throw new SandboxRefusedError('template', 'sandbox:template_unknown');
  if (await deps.tenancy.registry.findNow(slug)) throw new SandboxRefusedError('slug', 'sandbox:slug_taken');
  const unknown = input.languages.filter((lng) => !template.locales.supported.includes(lng));
  if (unknown.length > 0) throw new SandboxRefusedError('languages', 'sandbox:languages_unknown');
  const scenario = input.scenario ? deps.scenarios.get(input.scenario) : undefined;
  if (input.scenario && !scenario) throw new SandboxRefusedError('scenario', 'sandbox:scenario_unknown');
  if (scenario?.templates && !scenario.templates.includes(template.slug))
    throw new SandboxRefusedError('scenario', 'sandbox:scenario_template');
  const expiresAt = input.expiresAt ?? new Date(Date.now() + input.days * 86_400_000);
  await deps.provisioning.create(slug, {
    from: template.slug,
    demo: deps.demoData,
    sandbox: {
      trainerId: input.trainerId,
      trainees: input.trainees,
      scenario: input.scenario,
      languages: input.languages.length > 0 ? input.languages : null,
      expiresAt,
    },
    seedMore: async (tx, tenant) => {
      await seedTrainees(deps, tx, tenant, input.trainees);
      await deps.audit.record(tx, tenant, audit, {
        action: 'sandbox.created',
        summary: { template: template.slug, trainees: input.trainees, expiresAt: expiresAt.toISOString() },
      });
    },
  });
  if (scenario) {
    try {
      await setUpScenario(deps, audit, slug, scenario);
    } catch (error) {
      // Half a situation is no class's start: the sandbox goes, and the trainer may try again.
      await deps.provisioning.drop(slug);
      throw error;
    }
  }
  // The class starts here: a reset brings the data and the clock back to this point.
  await deps.tenancy.registry.markStart(slug);
  const started = await deps.tenancy.registry.findNow(slug);
  const tenant = started && deps.tenancy.handleFor(started);
  if (!tenant) throw new ProvisioningError(`Sandbox "${slug}" has no config`);
  await tenantArchives(deps.tenancy, deps.keys).exportTenant(tenant, sandboxSnapshot(deps.sandboxDir, slug));
  await ensureTenantSchedules(deps.queues, tenant);
  await planSandboxExpiry(deps.queues, slug, expiresAt);
  return started;
}
