import type { Knex } from 'knex';

/**
 * Pre-specification disclosure (사전규격공개): the draft specification of a notice above the
 * tenant's value threshold is published for comment before the notice itself. One disclosure per
 * notice. `closes_on` is the last local day of the period (counted in the tenant's calendar) and
 * `closes_at` the instant that day ends, so SQL compares it with app_now() directly. Commenters
 * are known to the officers only; replies are public.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table pre_specifications (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null unique references notices (id),
      summary text not null,
      opened_at timestamptz not null default app_now(),
      closes_on date not null,
      closes_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'closed', 'withdrawn')),
      applied_rules text[] not null default '{}',
      created_by uuid references users (id),
      check (closes_at > opened_at)
    );
    create index pre_specifications_recent on pre_specifications (opened_at desc);

    create table pre_specification_comments (
      id uuid primary key default gen_random_uuid(),
      pre_specification_id uuid not null references pre_specifications (id),
      asked_by uuid not null references users (id),
      comment text not null,
      asked_at timestamptz not null default app_now(),
      reply text,
      replied_by uuid references users (id),
      replied_at timestamptz
    );
    create index pre_specification_comments_parent on pre_specification_comments (pre_specification_id, asked_at);
  `);
}
