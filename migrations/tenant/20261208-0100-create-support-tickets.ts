import type { Knex } from 'knex';

/**
 * The call center's tickets about this tenant's callers: who called, in which language, about
 * what, what was done and when to call back. Agents are platform staff, named by id and e-mail
 * (no key into the platform's tables). A ticket's history (notes, identity checks, actions,
 * hand-overs, articles sent) is its entries; every look and action is also in the audit trail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence support_ticket_serial;
    create table support_tickets (
      id uuid primary key default gen_random_uuid(),
      ticket_no text not null unique,
      caller_name text not null,
      caller_contact text not null default '',
      caller_user_id uuid references users (id),
      caller_supplier_id uuid references suppliers (id),
      language text not null,
      topic text not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      outcome text check (outcome in ('resolved', 'escalated', 'no-action')),
      assigned_staff_id uuid not null,
      assigned_staff_label text not null,
      -- The assigned agent's language, for the follow-up reminder they are sent.
      assigned_staff_language text not null,
      opened_by_staff_id uuid not null,
      follow_up_at timestamptz,
      follow_up_reminded_at timestamptz,
      opened_at timestamptz not null default app_now(),
      closed_at timestamptz,
      check ((status = 'closed') = (outcome is not null and closed_at is not null))
    );
    create index support_tickets_queue on support_tickets (status, language, opened_at);
    create index support_tickets_user on support_tickets (caller_user_id);
    create index support_tickets_supplier on support_tickets (caller_supplier_id);

    create table support_ticket_entries (
      id bigint generated always as identity primary key,
      ticket_id uuid not null references support_tickets (id),
      kind text not null check (kind in ('note', 'identity-check', 'action', 'handover', 'article-sent', 'closed', 'reopened')),
      staff_id uuid not null,
      staff_label text not null,
      body text not null default '',
      details jsonb not null default '{}',
      at timestamptz not null default app_now()
    );
    create index support_ticket_entries_ticket on support_ticket_entries (ticket_id, id);
  `);
}
