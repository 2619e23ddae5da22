import type { Knex } from 'knex';

/**
 * When the agency's officers were told that an approved invoice went unpaid past its due date:
 * the daily `payments-overdue-sweep` tells them once per invoice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table invoices add column overdue_notified_at timestamptz;
    create index invoices_awaiting_payment on invoices (due_on) where status = 'approved';
  `);
}
