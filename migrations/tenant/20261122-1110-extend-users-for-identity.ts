import type { Knex } from 'knex';

/** Accounts gain verification, organisation membership, a second factor and sign-in records. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users
      add column email_verified_at timestamptz,
      add column agency_id uuid references agencies (id),
      add column supplier_id uuid references suppliers (id),
      add column totp_secret_sealed text,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint,
      add column last_login_at timestamptz,
      add column password_changed_at timestamptz,
      add constraint users_roles_check check (
        roles <@ array['tenant-admin', 'officer', 'evaluator', 'auditor', 'supplier', 'supplier-admin']::text[]);

    create table recovery_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      code_hash text not null,
      used_at timestamptz
    );
    create index recovery_codes_user on recovery_codes (user_id);

    -- Single-use, expiring tokens sent by e-mail: verification, password reset, invitation.
    create table account_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      purpose text not null check (purpose in ('verify-email', 'reset-password', 'invitation')),
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default app_now()
    );

    -- Bearer tokens for machine clients; only their SHA-256 is stored.
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      token_hash text not null unique,
      created_at timestamptz not null default app_now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    -- Where sign-ins and bids come from, kept for the retention period of the tenant's rules.
    create table device_events (
      id bigint generated always as identity primary key,
      user_id uuid references users (id),
      event text not null,
      client_address text,
      user_agent_hash text,
      device_id text,
      at timestamptz not null default app_now()
    );
    create index device_events_at on device_events (at);

    -- Mail is written in the transaction that causes it and delivered by a job afterwards.
    create table outbound_emails (
      id uuid primary key default gen_random_uuid(),
      recipient text not null,
      locale text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null default app_now(),
      sent_at timestamptz,
      attempts int not null default 0,
      last_error text
    );
  `);
}
