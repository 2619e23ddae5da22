import type { Knex } from 'knex';

/**
 * Evaluation, award and complaints. Evaluators are assigned per notice and must declare that
 * they have no conflict of interest with the named bidders before any bid content is shown to
 * them. Technical scores are kept per evaluator and bid, hidden from the other evaluators until
 * all have submitted. Each step of a lowest-price qualification review is one row, with its
 * reasons. The result is one score table per evaluation round (a complaint that is upheld opens
 * a new round). The award carries its standstill period; complaints are answered with reasons.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table notices
      add column technical_criteria jsonb not null default '[]',
      add column evaluation_weights jsonb;

    create table evaluators (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      user_id uuid not null references users (id),
      status text not null default 'assigned' check (status in ('assigned', 'declared', 'declined')),
      assigned_by uuid not null references users (id),
      assigned_at timestamptz not null default app_now(),
      declaration text,
      declared_at timestamptz,
      declined_reason text,
      unique (notice_id, user_id)
    );

    create table technical_scores (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      evaluator_id uuid not null references evaluators (id),
      bid_id uuid not null references bids (id),
      round int not null default 1,
      scores jsonb not null,
      total numeric(8, 3) not null,
      submitted_at timestamptz not null default app_now(),
      unique (evaluator_id, bid_id, round)
    );

    create table qualification_reviews (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      bid_id uuid not null references bids (id),
      round int not null default 1,
      position int not null,
      score numeric(6, 2) not null,
      passed boolean not null,
      reasons text not null,
      reviewed_by uuid not null references users (id),
      reviewed_at timestamptz not null default app_now(),
      unique (notice_id, bid_id, round)
    );

    create table evaluation_results (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      round int not null,
      method text not null check (method in ('lowest-price', 'negotiated')),
      score_table jsonb not null,
      winner_bid_id uuid references bids (id),
      applied_rules text[] not null default '{}',
      status text not null default 'final' check (status in ('final', 'reopened')),
      decided_by uuid references users (id),
      decided_at timestamptz not null default app_now(),
      unique (notice_id, round)
    );

    create table awards (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      evaluation_id uuid not null references evaluation_results (id),
      bid_id uuid not null references bids (id),
      supplier_id uuid not null references suppliers (id),
      amount bigint not null check (amount > 0),
      status text not null default 'standstill' check (status in ('standstill', 'final', 'withdrawn')),
      published_at timestamptz not null default app_now(),
      standstill_ends_at timestamptz not null,
      final_at timestamptz,
      applied_rules text[] not null default '{}'
    );
    create unique index awards_one_live on awards (notice_id) where status <> 'withdrawn';

    create table complaints (
      id uuid primary key default gen_random_uuid(),
      award_id uuid not null references awards (id),
      notice_id uuid not null references notices (id),
      supplier_id uuid not null references suppliers (id),
      filed_by uuid not null references users (id),
      grounds text not null,
      filed_at timestamptz not null default app_now(),
      status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
      answer text,
      answered_by uuid references users (id),
      answered_at timestamptz
    );
    create index complaints_award on complaints (award_id, status);
  `);
}
