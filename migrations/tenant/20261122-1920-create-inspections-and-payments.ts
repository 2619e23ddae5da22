import type { Knex } from 'knex';

/**
 * Inspection and acceptance per deliverable (a rejection lists its defects and expects a
 * re-delivery; safety-related goods carry a quality checklist), then invoices for accepted
 * deliverables, their approval and the payment, due within the tenant's payment rule.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table deliveries (
      id uuid primary key default gen_random_uuid(),
      deliverable_id uuid not null references deliverables (id),
      attempt int not null,
      delivered_at timestamptz not null default app_now(),
      recorded_by uuid not null references users (id),
      note text,
      unique (deliverable_id, attempt)
    );

    create table inspections (
      id uuid primary key default gen_random_uuid(),
      delivery_id uuid not null unique references deliveries (id),
      result text not null check (result in ('accepted', 'rejected')),
      defects text,
      checklist jsonb not null default '[]',
      inspected_by uuid not null references users (id),
      inspected_at timestamptz not null default app_now()
    );

    create sequence invoice_serial;
    create table invoices (
      id uuid primary key default gen_random_uuid(),
      invoice_no text not null unique,
      contract_id uuid not null references contracts (id),
      deliverable_id uuid not null references deliverables (id),
      amount bigint not null check (amount > 0),
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'rejected', 'paid')),
      submitted_by uuid not null references users (id),
      submitted_at timestamptz not null default app_now(),
      decided_by uuid references users (id),
      decided_at timestamptz,
      rejection_reason text,
      due_on date,
      applied_rules text[] not null default '{}'
    );
    create unique index invoices_one_live on invoices (deliverable_id) where status <> 'rejected';

    create table payments (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null unique references invoices (id),
      amount bigint not null check (amount > 0),
      paid_on date not null,
      reference text not null,
      recorded_by uuid not null references users (id),
      recorded_at timestamptz not null default app_now()
    );
  `);
}
