/**
 * What the knowledge pages read in a tenant's schema, inside the caller's transaction: the
 * articles (searched in every script through their search terms), one article and its
 * translations, the agent's open tickets and the address a caller's e-mail goes to.
 */
import type { Knex } from 'knex';
import type { Language } from '../i18n/languages.js';
import { queryTerms, queryWords } from '../search/terms.js';
import type { TicketRow } from './ticket-entries.js';

export interface ArticleRow {
  id: string;
  topic: string;
  slug: string;
  language: string;
  title: string;
  body_md: string;
  /** Who saved it last (a staff member's e-mail); empty for an article shipped with the product. */
  updated_by_label: string;
  updated_at: Date;
  created_at: Date;
}

export type ArticleSummary = Omit<ArticleRow, 'body_md'>;

/** A list is for reading on the phone, not for paging: the first few hundred are plenty. */
const LIST_LIMIT = 200;

const SUMMARY_COLUMNS = ['id', 'topic', 'slug', 'language', 'title', 'updated_by_label', 'updated_at', 'created_at'];

/**
 * Articles in one language (or all) whose title or text holds the words of `q`: those holding
 * every word as written when there are any, else those holding the words' character pairs, as
 * the notice search does (a Korean word with a particle attached, Khmer written without spaces,
 * an Arabic word with its article).
 */
export async function listArticles(
  tx: Knex.Transaction,
  filter: { language?: Language; q: string; queryLanguage: Language },
): Promise<ArticleSummary[]> {
  const lng = filter.language ?? filter.queryLanguage;
  const pairs = filter.q ? queryTerms(filter.q, lng) : [];
  const words = filter.q ? queryWords(filter.q, lng) : [];
  const query = tx<ArticleRow>('knowledge_articles');
  if (filter.language) query.where('language', filter.language);
  if (pairs.length > 0) query.whereRaw('search_terms @> ?::text[]', [pairs]);
  const rows: (ArticleSummary & { as_written: boolean })[] = await query
    // An article's languages side by side.
    .orderBy([{ column: 'topic' }, { column: 'slug' }, { column: 'language' }])
    .limit(LIST_LIMIT)
    .select(SUMMARY_COLUMNS)
    .select(tx.raw('search_terms @> ?::text[] as as_written', [words]));
  const asWritten = rows.filter((r) => r.as_written);
  return (asWritten.length > 0 ? asWritten : rows).map(({ as_written: _, ...row }) => row);
}

/** One article (its id checked as a UUID by the route). */
export function findArticle(tx: Knex.Transaction, id: string): Promise<ArticleRow | undefined> {
  return tx<ArticleRow>('knowledge_articles').where({ id }).first();
}

/** The article of a slug in one language, if it is written in it. */
export function articleIn(tx: Knex.Transaction, slug: string, language: string): Promise<ArticleRow | undefined> {
  return tx<ArticleRow>('knowledge_articles').where({ slug, language }).first();
}

/** Every language an article is written in. */
export function translationsOf(
  tx: Knex.Transaction,
  slug: string,
): Promise<Pick<ArticleRow, 'id' | 'language' | 'title'>[]> {
  return tx<ArticleRow>('knowledge_articles').where({ slug }).orderBy('language').select('id', 'language', 'title');
}

/** Whether a slug is taken, in any language. */
export async function slugTaken(tx: Knex.Transaction, slug: string): Promise<boolean> {
  return (await tx('knowledge_articles').where({ slug }).first('id')) !== undefined;
}

export type OpenTicket = Pick<TicketRow, 'id' | 'ticket_no' | 'caller_name' | 'language'>;

/** The open tickets assigned to a staff member in this tenant, newest first. */
export function openTicketsOf(tx: Knex.Transaction, staffId: string): Promise<OpenTicket[]> {
  return tx<TicketRow>('support_tickets')
    .where({ status: 'open', assigned_staff_id: staffId })
    .orderBy('opened_at', 'desc')
    .limit(50)
    .select('id', 'ticket_no', 'caller_name', 'language');
}

/**
 * Where mail for a ticket's caller goes: the e-mail address of the caller's own account, else the
 * contact address of the caller's company. Never an address typed on the call.
 */
export async function callerAddress(
  tx: Knex.Transaction,
  ticket: Pick<TicketRow, 'caller_user_id' | 'caller_supplier_id'>,
): Promise<string | undefined> {
  if (ticket.caller_user_id) {
    const user = await tx('users')
      .where({ id: ticket.caller_user_id, status: 'active' })
      .first<{ email: string } | undefined>('email');
    if (user) return user.email;
  }
  if (ticket.caller_supplier_id) {
    const supplier = await tx('suppliers')
      .where({ id: ticket.caller_supplier_id })
      .first<{ contact_email: string } | undefined>('contact_email');
    if (supplier?.contact_email) return supplier.contact_email;
  }
  return undefined;
}
