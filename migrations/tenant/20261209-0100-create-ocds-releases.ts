import type { Knex } from 'knex';

/**
 * The tenant's OCDS releases, written in the transaction of the change they publish (plan entry
 * published, tender, addendum, opening, award, contract, payment…). A release is kept as it was
 * published (json, not jsonb: its fields stay in the order written): releases are the history, records are compiled from them on request. `seq` orders
 * them for paging; `date` is the tenant's clock at the change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ocds_releases (
      seq bigserial primary key,
      id text not null unique,
      ocid text not null,
      date timestamptz not null,
      tags text[] not null,
      release json not null
    );
    create index ocds_releases_ocid on ocds_releases (ocid, seq);
    create index ocds_releases_date on ocds_releases (date, seq);
  `);
}
