import type { Knex } from 'knex';

/**
 * Passkeys that confirm bids (server/passkeys/): each user's registered WebAuthn credentials, and
 * the assertion that confirmed a bid, kept with its receipt. A credential id is unique within the
 * tenant: one authenticator can belong to one person only, so a company cannot lend it. The
 * assertion keeps the credential id as text, not a reference, so removing a passkey later leaves
 * the bids it signed verifiable and the opening's shared-authenticator flag still sees them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table passkeys (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      credential_id text not null,
      public_key bytea not null,
      counter bigint not null default 0 check (counter >= 0),
      transports text[] not null default '{}',
      label text not null,
      created_at timestamptz not null default app_now(),
      last_used_at timestamptz,
      constraint passkeys_credential_unique unique (credential_id)
    );
    create index passkeys_user on passkeys (user_id);

    create table bid_passkey_assertions (
      bid_id uuid primary key references bids (id),
      user_id uuid not null references users (id),
      credential_id text not null,
      challenge text not null,
      authenticator_data text not null,
      client_data_json text not null,
      signature text not null,
      user_handle text,
      verified_at timestamptz not null
    );
    create index bid_passkey_assertions_credential on bid_passkey_assertions (credential_id);
  `);
}
