import type { Knex } from 'knex';

/**
 * Contracts generated from a final award: parties, items, value and dates as one content
 * document whose SHA-256 is what each party signs; the server countersigns each signature with
 * the tenant's Ed25519 key (derived outside the database). The winner's contract deposit is a
 * recorded guarantee. Amendments change the content (and so the hash) and need new signatures.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence contract_serial;
    create table contracts (
      id uuid primary key default gen_random_uuid(),
      contract_no text not null unique,
      award_id uuid not null unique references awards (id),
      notice_id uuid not null references notices (id),
      supplier_id uuid not null references suppliers (id),
      agency_id uuid not null references agencies (id),
      value bigint not null check (value > 0),
      starts_on date not null,
      ends_on date not null,
      content jsonb not null,
      content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
      version int not null default 1,
      status text not null default 'awaiting-signatures'
        check (status in ('awaiting-signatures', 'active', 'completed', 'terminated')),
      deposit_percent numeric(6, 3) not null,
      deposit_amount bigint not null,
      applied_rules text[] not null default '{}',
      terminated_at timestamptz,
      termination_reason text,
      created_by uuid not null references users (id),
      created_at timestamptz not null default app_now()
    );

    create table contract_deposits (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts (id),
      kind text not null check (kind in ('bank-guarantee', 'insurance-bond', 'cash')),
      issuer text not null,
      reference text not null,
      amount bigint not null check (amount > 0),
      valid_until date,
      recorded_by uuid not null references users (id),
      recorded_at timestamptz not null default app_now()
    );

    create table contract_signatures (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts (id),
      version int not null,
      party text not null check (party in ('supplier', 'agency')),
      signer_id uuid not null references users (id),
      signer_name text not null,
      content_hash text not null,
      signed_at timestamptz not null,
      server_signature text not null,
      key_id text not null,
      unique (contract_id, version, party)
    );

    create table contract_amendments (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts (id),
      number int not null,
      from_version int not null,
      to_version int not null,
      reason text not null,
      changes jsonb not null,
      issued_by uuid not null references users (id),
      issued_at timestamptz not null default app_now(),
      unique (contract_id, number)
    );

    create table deliverables (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts (id),
      number int not null,
      title text not null,
      amount bigint not null check (amount > 0),
      due_on date not null,
      safety_related boolean not null default false,
      status text not null default 'pending'
        check (status in ('pending', 'delivered', 'accepted', 'rejected')),
      unique (contract_id, number)
    );
  `);
}
