/**
 * A supplier's saved searches: listed, saved (created or changed), deleted by their owner only,
 * and paused by the one-click link in an alert. Keywords are cut into search terms when saved, in
 * the language they were typed in, so alerts match exactly what the public list would find.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { ValidationError } from '../http/validate.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { queryTerms } from '../search/terms.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { SavedSearchNotFoundError, TooManySavedSearchesError, UnsubscribeLinkError } from './errors.js';
import { MAX_SAVED_SEARCHES, type Frequency, type SavedSearchInput } from './schema.js';
import { isUnsubscribeToken } from './unsubscribe-link.js';

export interface SavedSearchRow {
  id: string;
  user_id: string;
  name: string;
  keywords: string;
  keywords_language: string;
  categories: string[];
  agency_ids: string[];
  min_value: string | null;
  max_value: string | null;
  frequency: Frequency;
  created_at: Date;
}

/** Where the search was saved: the reader's language (for its keywords) and the portal's address. */
export interface SavedFrom {
  lng: string;
  linkBase: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = [
  'id',
  'user_id',
  'name',
  'keywords',
  'keywords_language',
  'categories',
  'agency_ids',
  'min_value',
  'max_value',
  'frequency',
  'created_at',
] as const;

export async function listSavedSearches(actor: Actor): Promise<SavedSearchRow[]> {
  assertCan(actor.user, 'alerts:manage-own');
  const userId = actor.user.id;
  return inTenant(actor.tenant, (tx) =>
    tx('saved_searches').where({ user_id: userId }).orderBy('created_at').select<SavedSearchRow[]>(COLUMNS),
  );
}

export async function readSavedSearch(actor: Actor, id: string): Promise<SavedSearchRow> {
  assertCan(actor.user, 'alerts:manage-own');
  const userId = actor.user.id;
  const row = await inTenant(actor.tenant, (tx) => ownSearch(tx, userId, id));
  if (!row) throw new SavedSearchNotFoundError();
  return row;
}

function ownSearch(tx: Knex.Transaction, userId: string, id: string): Promise<SavedSearchRow | undefined> {
  return tx('saved_searches').where({ id, user_id: userId }).first<SavedSearchRow | undefined>(COLUMNS);
}

/** Agencies that do not exist are refused on the field, not silently dropped. */
async function checkAgencies(tx: Knex.Transaction, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx('agencies').whereIn('id', ids).pluck<string[]>('id');
  if (found.length !== new Set(ids).size)
    throw new ValidationError([{ field: 'agencies', key: 'alerts:agency_unknown' }]);
}

function columnsOf(input: SavedSearchInput, from: SavedFrom) {
  return {
    name: input.name,
    keywords: input.keywords,
    keywords_language: from.lng,
    keyword_terms: input.keywords ? queryTerms(input.keywords, from.lng) : [],
    categories: input.categories,
    agency_ids: [...new Set(input.agencies)],
    min_value: input.minValue ?? null,
    max_value: input.maxValue ?? null,
    frequency: input.frequency,
    link_base: from.linkBase,
  };
}

export function savedSearches(services: Pick<Deps, 'audit'>) {
  return {
    /** Creates a search (no `id`) or changes one of the user's own; returns its id. */
    async save(actor: Actor, input: SavedSearchInput, from: SavedFrom, id?: string): Promise<string> {
      assertCan(actor.user, 'alerts:manage-own');
      const userId = actor.user.id;
      return inTenant(actor.tenant, async (tx) => {
        await checkAgencies(tx, input.agencies);
        const columns = columnsOf(input, from);
        let savedId: string;
        if (id) {
          const before = await ownSearch(tx, userId, id);
          if (!before) throw new SavedSearchNotFoundError();
          // Switched on again after an unsubscribe: the digest starts now, not where it stopped.
          const resumed = before.frequency === 'off' ? { digest_through: tx.raw('app_now()') } : {};
          await tx('saved_searches')
            .where({ id })
            .update({ ...columns, ...resumed, updated_at: tx.raw('app_now()') });
          savedId = id;
        } else {
          // Counted under a lock on the user's row, so two tabs cannot pass the limit together.
          await tx('users').where({ id: userId }).forUpdate().first('id');
          const [{ count }] = (await tx('saved_searches').where({ user_id: userId }).count('* as count')) as [
            { count: string | number },
          ];
          if (Number(count) >= MAX_SAVED_SEARCHES) throw new TooManySavedSearchesError();
          const [row] = await tx('saved_searches')
            .insert({ ...columns, user_id: userId })
            .returning<{ id: string }[]>('id');
          savedId = row!.id;
        }
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: id ? 'alert.changed' : 'alert.saved',
          target: { type: 'saved-search', id: savedId },
          summary: { name: input.name, frequency: input.frequency },
        });
        return savedId;
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      assertCan(actor.user, 'alerts:manage-own');
      const userId = actor.user.id;
      await inTenant(actor.tenant, async (tx) => {
        const row = await ownSearch(tx, userId, id);
        if (!row) throw new SavedSearchNotFoundError();
        await tx('saved_searches').where({ id }).delete();
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'alert.deleted',
          target: { type: 'saved-search', id },
          summary: { name: row.name },
        });
      });
    },

    /** What the unsubscribe page shows: the search's name, if the link verifies. */
    async peekUnsubscribe(tenant: TenantHandle, secret: string, id: string, token: string) {
      if (!UUID.test(id) || !isUnsubscribeToken(secret, tenant.slug, id, token)) throw new UnsubscribeLinkError();
      const row = await inTenant(tenant, (tx) =>
        tx('saved_searches')
          .where({ id })
          .first<{ name: string; frequency: Frequency } | undefined>('name', 'frequency'),
      );
      if (!row) throw new UnsubscribeLinkError();
      return row;
    },

    /** Stops a search's alerts (the search stays, to be switched on again); twice is harmless. */
    async unsubscribe(actor: Actor, secret: string, id: string, token: string): Promise<{ name: string }> {
      const tenant = actor.tenant;
      if (!UUID.test(id) || !isUnsubscribeToken(secret, tenant.slug, id, token)) throw new UnsubscribeLinkError();
      return inTenant(tenant, async (tx) => {
        const row = await tx('saved_searches as s')
          .join('users as u', 'u.id', 's.user_id')
          .where('s.id', id)
          .forUpdate('s')
          .first<{ name: string; frequency: Frequency; user_id: string; email: string } | undefined>(
            's.name',
            's.frequency',
            's.user_id',
            'u.email',
          );
        if (!row) throw new UnsubscribeLinkError();
        if (row.frequency !== 'off') {
          await tx('saved_searches')
            .where({ id })
            .update({ frequency: 'off', updated_at: tx.raw('app_now()') });
          await services.audit.record(
            tx,
            tenant,
            // The link stands for its owner: only their mail carried it.
            { ...actor.audit, actor: { type: 'user', id: row.user_id, label: row.email } },
            { action: 'alert.unsubscribed', target: { type: 'saved-search', id }, summary: { name: row.name } },
          );
        }
        return { name: row.name };
      });
    },
  };
}
