/**
 * The online shopping mall's public pages: the catalog (search by keyword, classification,
 * supplier, kind and price range, sorted by price), one offer's page (with an "add to cart" form
 * for an agency's buyer, posted to the orders pages' cart) and what was ordered (accepted orders,
 * with a CSV download). All are anonymous work: each request spends the `public-search` limit like
 * the other public searches, and a page holds at most PAGE_SIZE entries. A filter that does not
 * read shows the page again with a message next to the field, never an error page.
 */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { csvFile, CSV_TYPE } from '../exports/spreadsheet.js';
import { validate } from '../http/validate.js';
import { publicRoute } from '../identity/policy.js';
import { readerOf } from '../transparency/formats.js';
import { readCatalogChoices, searchCatalog } from './catalog-read.js';
import { catalogPageModel, productPageModel, sentOf } from './catalog-view.js';
import { readOrderingAgencies, readOrders } from './orders-read.js';
import { ordersPageModel, ordersSheet, sentOrdersOf } from './orders-view.js';
import { readProduct } from './product-read.js';
import { queryOf, readQuery } from './query-step.js';
import { catalogQueryFor, OrdersQuery, PriceParams } from './schema.js';

const ordersQuery = () => OrdersQuery;

/** A signed-in reader's pages carry a CSRF token already (app.ts): the cart form uses it. */
export function mallPages(deps: Pick<Deps, 'limits'>): Router {
  const router = Router();
  const limit = deps.limits.perAddress('public-search');

  router.get('/mall', publicRoute, limit, readQuery(catalogQueryFor), async (req, res) => {
    const r = readerOf(req);
    const sent = sentOf(req.query);
    const { filter, refusal } = queryOf(res, catalogQueryFor);
    const choices = await readCatalogChoices(req.actor);
    if (!filter) return res.render('mall/catalog', catalogPageModel(r, sent, choices, undefined, refusal));
    const found = await searchCatalog(req.actor, filter, req.lng);
    res.render('mall/catalog', catalogPageModel(r, sent, choices, { ...found, filter }));
  });

  router.get('/mall/items/:priceId', publicRoute, limit, validate({ params: PriceParams }), async (req, res) => {
    const product = await readProduct(req.actor, req.params.priceId);
    res.render('mall/product', productPageModel(readerOf(req), product, req.user));
  });

  router.get('/mall/orders', publicRoute, limit, readQuery(ordersQuery), async (req, res) => {
    const r = readerOf(req);
    const sent = sentOrdersOf(req.query);
    const { filter, refusal } = queryOf(res, ordersQuery);
    const agencies = await readOrderingAgencies(req.actor);
    if (!filter) return res.render('mall/orders', ordersPageModel(r, sent, agencies, undefined, refusal));
    if (filter.format === 'csv') {
      const { rows } = await readOrders(req.actor, filter, true);
      res.attachment(`${req.actor.tenant.slug}-mall-orders.csv`);
      return res.type(CSV_TYPE).send(csvFile(ordersSheet(r, rows)));
    }
    const found = await readOrders(req.actor, filter);
    res.render('mall/orders', ordersPageModel(r, sent, agencies, { ...found, page: filter.page }));
  });

  return router;
}
