import type { Knex } from 'knex';

/**
 * A delivery order the supplier accepted is a contract of its own (a call-off), so deliveries,
 * inspections, invoices and payments go through the contract modules unchanged. Such a contract
 * has no award and no notice of its own: it has its order.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table contracts
      alter column award_id drop not null,
      alter column notice_id drop not null,
      add column order_id uuid unique references delivery_orders (id),
      add constraint contracts_from_award_or_order
        check ((award_id is not null and notice_id is not null) <> (order_id is not null));
    alter table delivery_orders
      add constraint delivery_orders_contract foreign key (contract_id) references contracts (id);
  `);
}
