import type { Knex } from 'knex';

/**
 * The project period a notice carries: the one its project review confirmed last (null for a
 * notice whose category needs no review). Written by server/project-review/ when a round completes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table notices add column project_start date, add column project_end date;
  `);
}
