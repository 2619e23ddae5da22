import type { Knex } from 'knex';

/**
 * A tenant is a partner government's portal or a training sandbox. Only a sandbox's clock may run
 * ahead of the real one (trainers move it forward): the database itself refuses an offset on any
 * other tenant, whatever code asks. `start_offset_ms` is where a reset puts it back: the clock as
 * it stood when the sandbox's scenario was set up.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table tenants
    add column kind text not null default 'partner',
    add column clock_offset_ms bigint not null default 0,
    add column start_offset_ms bigint not null default 0,
    add constraint tenants_kind_check check (kind in ('partner', 'sandbox')),
    add constraint tenants_clock_offset_check check (clock_offset_ms = 0 or kind = 'sandbox'),
    add constraint tenants_clock_forward_check check (clock_offset_ms >= 0),
    add constraint tenants_start_offset_check check (start_offset_ms = 0 or kind = 'sandbox')`);
}
