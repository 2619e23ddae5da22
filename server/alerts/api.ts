/** Saved searches as JSON: the supplier's own list, saving one, and deleting one. */
import { Router, type Request } from 'express';
import type { Deps } from '../deps.js';
import { typedAmount } from '../i18n/format.js';
import { tenantLink } from '../http/origin.js';
import { operations } from '../http/operation.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import { requirePolicy } from '../identity/policy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { SavedAnswer, savedSearchSchema, SavedSearchesAnswer } from './schema.js';
import { listSavedSearches, savedSearches, type SavedSearchRow } from './service.js';

const operation = operations('alerts');
const savedSearchBody = ({ config }: TenantHandle) => savedSearchSchema(config.currency);

/** A stored search as the API answers it: amounts in the currency's major unit. */
function answer(req: Request, s: SavedSearchRow) {
  const amount = (v: string | null) => (v === null ? null : Number(typedAmount(v, req.actor.tenant.config.currency)));
  return {
    id: s.id,
    name: s.name,
    keywords: s.keywords,
    categories: s.categories,
    agencies: s.agency_ids,
    minValue: amount(s.min_value),
    maxValue: amount(s.max_value),
    frequency: s.frequency,
    createdAt: s.created_at.toISOString(),
  };
}

export function alertApi(services: Deps): Router {
  const router = Router();
  const searches = savedSearches(services);
  const manage = requirePolicy('alerts:manage-own');

  router.get(
    '/alerts',
    operation({
      id: 'listSavedSearches',
      summary: "The signed-in supplier user's saved searches and how often each sends alerts",
      responses: { 200: { description: 'Saved searches', schema: SavedSearchesAnswer } },
    }),
    manage,
    async (req, res) => {
      const rows = await listSavedSearches(req.actor);
      res.set('Cache-Control', 'no-store').json({ savedSearches: rows.map((s) => answer(req, s)) });
    },
  );

  router.post(
    '/alerts',
    operation({
      id: 'saveSearch',
      summary:
        'Save a search (name, keywords, categories, agencies, minValue / maxValue, frequency immediate|daily|both): ' +
        'matching new notices and addenda are e-mailed in the user’s language',
      responses: {
        201: { description: 'Saved', schema: SavedAnswer },
        422: 'Invalid input, or the user keeps the most saved searches allowed already',
      },
    }),
    manage,
    validate({ body: savedSearchBody }),
    async (req, res) => {
      const id = await searches.save(req.actor, req.body, {
        lng: req.lng,
        linkBase: tenantLink(req, services.publicUrl, '').replace(/\/api\/v1$/, ''),
      });
      res.status(201).json({ id });
    },
  );

  router.delete(
    '/alerts/:id',
    operation({
      id: 'deleteSavedSearch',
      summary: 'Delete one of the user’s saved searches: it sends no more alerts',
      responses: { 204: 'Deleted', 404: 'No such saved search of this user' },
    }),
    manage,
    validate({ params: IdParams }),
    async (req, res) => {
      await searches.remove(req.actor, req.params.id);
      res.status(204).end();
    },
  );
  return router;
}
