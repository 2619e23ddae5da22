import type { Knex } from 'knex';

/**
 * Platform staff: operators (run tenants and jobs) and call-center agents (help the users of the
 * tenants granted to them, read-only). Their sign-ins are kept in staff_events; what they look at
 * inside a tenant goes to that tenant's own audit trail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table staff (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      display_name text not null,
      role text not null check (role in ('operator', 'agent')),
      locale text,
      password_hash text not null,
      totp_secret_sealed text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      status text not null default 'active' check (status in ('active', 'deactivated')),
      created_at timestamptz not null default now()
    );
    create unique index staff_email_unique on staff (lower(email));

    create table staff_grants (
      staff_id uuid not null references staff (id),
      tenant_slug text not null references tenants (slug) on delete cascade,
      primary key (staff_id, tenant_slug)
    );

    create table staff_events (
      id bigint generated always as identity primary key,
      staff_id uuid references staff (id),
      event text not null,
      client_address text,
      at timestamptz not null default now()
    );
  `);
}
