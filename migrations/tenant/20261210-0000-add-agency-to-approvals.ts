import type { Knex } from 'knex';

/**
 * A request's agency: mutual checks (maker-checker) are decided by a second person of the maker's
 * agency. Null where any holder of the role may decide (a call-center request to the tenant's
 * administrators). No foreign key: the agency is named, the request outlives any change to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table approvals add column agency_id uuid`);
}
