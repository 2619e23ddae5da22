import type { Knex } from 'knex';

/** Buyer agencies (ministries, units) and supplier companies of one tenant. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table agencies (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name jsonb not null,
      parent_id uuid references agencies (id),
      created_at timestamptz not null default app_now()
    );

    create table suppliers (
      id uuid primary key default gen_random_uuid(),
      legal_name jsonb not null,
      registration_no text not null,
      tax_id text not null,
      representative text not null,
      address text not null,
      contact_email text not null,
      contact_phone text not null,
      categories text[] not null default '{}',
      status text not null default 'pending'
        check (status in ('pending', 'approved', 'rejected', 'expired')),
      pledge_signed_at timestamptz,
      submitted_at timestamptz,
      decided_at timestamptz,
      decision_reason text,
      valid_until timestamptz,
      debarred_from timestamptz,
      debarred_until timestamptz,
      debarment_reason text,
      created_at timestamptz not null default app_now(),
      updated_at timestamptz not null default app_now()
    );
    create unique index suppliers_registration_no on suppliers (lower(registration_no));

    create table supplier_documents (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references suppliers (id),
      file_name text not null,
      content_type text not null,
      size_bytes int not null,
      sha256 text not null,
      content bytea not null,
      uploaded_at timestamptz not null default app_now()
    );
  `);
}
