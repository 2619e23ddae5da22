/** What the rest of the code knows about one resolved tenant. */
import type { Knex } from 'knex';
import type { Clock } from '../time/clock.js';
import type { TenantConfig } from './config-schema.js';
import type { Slug } from './slug.js';

export type TenantStatus = 'provisioning' | 'active' | 'suspended' | 'archived';

/** A partner government's portal, or a training sandbox made from one's config. */
export type TenantKind = 'partner' | 'sandbox';

/** What a sandbox carries beyond a tenant: its class. */
export interface SandboxClass {
  /** The staff member (trainer or operator) who runs it. */
  trainerId: string | null;
  trainees: number;
  /** The scenario it starts from (tenants/scenarios/<name>.yaml), if any. */
  scenario: string | null;
  /** The languages it is taught in (a subset of its template's); null = all of them. */
  languages: string[] | null;
  expiresAt: Date;
}

export interface TenantHandle {
  slug: Slug;
  schema: string;
  status: TenantStatus;
  config: TenantConfig;
  /** The pool of the database holding this tenant's schema (primary, or its own for sovereignty). */
  db: Knex;
  clock: Clock;
  /** A partner government's portal, or a training sandbox (never mistaken for one: banner, no mail sent). */
  kind: TenantKind;
  /**
   * Present while the tenant is being moved to another database server: read-only (writes answer
   * 503 with Retry-After, pages carry a banner, jobs wait). Every process reads it from the registry.
   */
  moving?: { since: Date; to: string };
  /** A sandbox's class and the partner it was made from; absent for a partner. */
  sandbox?: SandboxClass & { template: string | null };
}
