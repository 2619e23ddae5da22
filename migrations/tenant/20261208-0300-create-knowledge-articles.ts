import type { Knex } from 'knex';

/**
 * The call center's knowledge base: help articles an agent reads to a caller or sends them by
 * e-mail. One row per article and language; the translations of an article share its `slug`.
 * `topic` is one of the call topics (server/callcenter/catalog.ts). The Markdown may name the
 * tenant's own terms (`{{term:ns:key}}`), resolved when the article is shown or sent.
 * `search_terms` holds words and character pairs cut at saving (server/search/terms.ts), so search
 * works in every script, as for notices.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table knowledge_articles (
      id uuid primary key default gen_random_uuid(),
      topic text not null,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      language text not null,
      title text not null,
      body_md text not null,
      updated_by_label text not null,
      search_terms text[] not null default '{}',
      updated_at timestamptz not null default app_now(),
      created_at timestamptz not null default app_now(),
      unique (slug, language)
    );
    create index knowledge_articles_language on knowledge_articles (language, topic);
    create index knowledge_articles_search on knowledge_articles using gin (search_terms);
  `);
}
