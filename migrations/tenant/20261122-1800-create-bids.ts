import type { Knex } from 'knex';

/**
 * Sealed bids and their opening. Prices, reserve-price picks and proposal files are stored only
 * as AES-256-GCM ciphertext under a per-tender data key; that key is stored wrapped by the tenant
 * key, which is derived from MASTER_KEY outside the database, so a dump alone reveals no price.
 * The receipt hash is salted (the salt is sealed too), so it cannot be brute-forced back to a
 * price. At most one current bid per supplier and lot; replaced and withdrawn bids stay for the
 * record. An opening is written once per notice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table notices
      add column lots jsonb not null default '[]',
      add column tender_key text,
      add column reserve_candidates text,
      add column retender_of uuid references notices (id),
      add column attempt int not null default 1,
      add column opened_at timestamptz,
      add column technical_final_at timestamptz;

    create sequence bid_receipt_serial;
    create table bids (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      lot int not null default 0,
      supplier_id uuid not null references suppliers (id),
      submitted_by uuid not null references users (id),
      receipt_no text not null unique,
      status text not null default 'current' check (status in ('current', 'replaced', 'withdrawn')),
      sealed_technical text not null,
      sealed_price text not null,
      submission_hash text not null,
      client_address text,
      device_id text,
      user_agent_hash text,
      submitted_at timestamptz not null default app_now(),
      withdrawn_at timestamptz
    );
    create unique index bids_one_current on bids (notice_id, lot, supplier_id) where status = 'current';
    create index bids_notice on bids (notice_id, status);

    create table bid_files (
      id uuid primary key default gen_random_uuid(),
      bid_id uuid not null references bids (id),
      sealed_name text not null,
      sealed_content bytea not null,
      content_hash text not null,
      size int not null,
      media_type text not null
    );
    create index bid_files_bid on bid_files (bid_id);

    create table tender_openings (
      notice_id uuid primary key references notices (id),
      envelope text not null check (envelope in ('single', 'technical')),
      outcome text not null check (outcome in ('opened', 'failed')),
      opened_at timestamptz not null default app_now(),
      opened_by uuid references users (id),
      record jsonb not null,
      flags jsonb not null default '[]',
      applied_rules text[] not null default '{}'
    );

    create table direct_contract_decisions (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null unique references notices (id),
      reason text not null check (reason in ('small-value', 'failed-attempts')),
      justification text not null,
      applied_rules text[] not null default '{}',
      decided_by uuid not null references users (id),
      decided_at timestamptz not null default app_now()
    );
  `);
}
