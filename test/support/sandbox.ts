/** Training sandboxes for tests: a kurdistan class made by the service, as the trainer's pages do. */
import type { AuditContext } from '../../server/audit/trail.js';
import { createSandbox, type NewSandbox } from '../../server/sandbox/service.js';
import type { TenantRecord } from '../../server/tenancy/registry.js';

export const TEST_TRAINER: AuditContext = { actor: { type: 'platform', id: null, label: 'trainer@platform.test' } };

/** A sandbox named `slug`, made from kurdistan for one trainee for a day, unless `overrides` say otherwise. */
export function testSandbox(
  services: Parameters<typeof createSandbox>[0],
  slug: string,
  overrides: Partial<NewSandbox> = {},
): Promise<TenantRecord> {
  return createSandbox(services, TEST_TRAINER, {
    slug,
    template: 'kurdistan',
    trainees: 1,
    languages: [],
    days: 1,
    scenario: null,
    trainerId: null,
    ...overrides,
  });
}
