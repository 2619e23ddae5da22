/**
 * Which saved searches a notice matches, decided in SQL over the same columns the public list
 * filters on. A value range never excludes a notice whose estimated price is not published: the
 * hidden price must not decide (and so reveal) anything, and the supplier should not miss it.
 */
import type { Knex } from 'knex';
import type { Frequency } from './schema.js';

/** `s` a saved search, `n` a notice. Keywords match when all their terms are among the notice's. */
export const SEARCH_MATCHES_NOTICE = `
  (cardinality(s.categories) = 0 or n.category = any (s.categories))
  and (cardinality(s.agency_ids) = 0 or n.agency_id = any (s.agency_ids))
  and (s.min_value is null or n.estimated_price_hidden or n.estimated_price >= s.min_value)
  and (s.max_value is null or n.estimated_price_hidden or n.estimated_price <= s.max_value)
  and n.search_terms @> s.keyword_terms`;

/** The people alerts go to: active users of a supplier company, with the searches' own frequencies. */
export const ALERTED_SEARCHES = `
  saved_searches s join users u on u.id = s.user_id
  where u.status = 'active' and u.supplier_id is not null and s.frequency = any (?::text[])`;

export interface MatchedSearch {
  search_id: string;
  search_name: string;
  link_base: string;
  user_id: string;
  email: string;
  locale: string | null;
  display_name: string;
}

export const MATCHED_COLUMNS = `s.id as search_id, s.name as search_name, s.link_base,
  u.id as user_id, u.email, u.locale, u.display_name`;

/** The searches of `frequencies` that `noticeId` matches, grouped by user (e-mail order). */
export async function searchesMatching(
  tx: Knex.Transaction,
  noticeId: string,
  frequencies: Frequency[],
): Promise<MatchedSearch[]> {
  const { rows } = await tx.raw<{ rows: MatchedSearch[] }>(
    `select ${MATCHED_COLUMNS}
       from notices n, ${ALERTED_SEARCHES} and n.id = ? and ${SEARCH_MATCHES_NOTICE}
      order by u.email, s.created_at`,
    [frequencies, noticeId],
  );
  return rows;
}

/** Records that `searchIds` were told of `eventKey`; answers the ones not told before. */
export async function firstDeliveries(
  tx: Knex.Transaction,
  rows: { searchId: string; noticeId: string; eventKey: string }[],
  kind: 'immediate' | 'digest',
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await tx('alert_deliveries')
    .insert(rows.map((r) => ({ saved_search_id: r.searchId, event_key: r.eventKey, notice_id: r.noticeId, kind })))
    .onConflict(['saved_search_id', 'event_key', 'kind'])
    .ignore()
    .returning<{ saved_search_id: string; event_key: string }[]>(['saved_search_id', 'event_key']);
  return new Set(inserted.map((r) => `${r.saved_search_id} ${r.event_key}`));
}

/** Rows grouped by a key, in first-seen order. */
export function groupBy<T>(rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return [...groups.values()];
}
