import type { Knex } from 'knex';

/**
 * What conflict-of-interest checks compare (server/conflicts/): the owners and directors a
 * company registers (their id numbers are personal data, read only by the tenant's staff), the
 * relations staff declare themselves, and the seats a match blocked, so the officer who must
 * seat someone else sees why and with whom.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table supplier_people (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references suppliers (id),
      full_name text not null,
      role text not null check (role in ('owner', 'director')),
      id_number text,
      position int not null default 0,
      created_at timestamptz not null default app_now()
    );
    create index supplier_people_supplier on supplier_people (supplier_id);

    create table staff_relations (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      company_registration_no text,
      person_name text,
      kind text not null check (kind in ('family', 'former-employer', 'shareholding', 'other')),
      note text,
      declared_at timestamptz not null default app_now(),
      check (company_registration_no is not null or person_name is not null)
    );
    create index staff_relations_user on staff_relations (user_id);

    create table seat_conflicts (
      id uuid primary key default gen_random_uuid(),
      evaluator_id uuid not null unique references evaluators (id),
      notice_id uuid not null references notices (id),
      matches jsonb not null,
      found_at timestamptz not null default app_now()
    );
    create index seat_conflicts_notice on seat_conflicts (notice_id);
  `);
}
