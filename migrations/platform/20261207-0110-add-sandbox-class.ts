import type { Knex } from 'knex';

/**
 * A sandbox's class: who runs it (a trainer or operator on the staff desk), how many trainees it
 * was made for, the scenario it starts from, the languages it is taught in, and when it expires (its job drops it then).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table tenants
    add column trainer_id uuid references staff (id),
    add column trainees integer,
    add column scenario text,
    add column languages text[],
    add column expires_at timestamptz,
    add constraint tenants_sandbox_class_check check (
      kind = 'sandbox' or (trainer_id is null and trainees is null and scenario is null and languages is null
        and expires_at is null)),
    add constraint tenants_trainees_check check (trainees between 1 and 60)`);
}
