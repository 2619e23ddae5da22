/** What the rest of the code knows about one resolved tenant. */
import type { Knex } from 'knex';
import type { Clock } from '../time/clock.js';
import type { TenantConfig } from './config-schema.js';
import type { Slug } from './slug.js';

export type TenantStatus = 'provisioning' | 'active' | 'suspended' | 'archived';

export interface TenantHandle {
  slug: Slug;
  schema: string;
  status: TenantStatus;
  config: TenantConfig;
  /** The pool of the database holding this tenant's schema (primary, or its own for sovereignty). */
  db: Knex;
  clock: Clock;
}
