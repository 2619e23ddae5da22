/**
 * Alert pages: a supplier's saved searches (list, save, change, delete; post/redirect/get), and the
 * one-click unsubscribe that an alert's link opens without signing in. The unsubscribe POST needs
 * no CSRF token: it acts on no session, only on the link's own signed token, and mail programs
 * post it themselves (RFC 8058).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain } from '../http/forms.js';
import { tenantLink } from '../http/origin.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { savedSearchSchema, type SavedSearchInput } from './schema.js';
import { savedSearches } from './service.js';
import { alertsPage, editPage } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Id = z.infer<typeof IdParams>;

const savedSearchForm = ({ config }: TenantHandle) => savedSearchSchema(config.currency);
const UnsubscribeQuery = z.object({ search: z.string().max(64), token: z.string().max(100) });
type UnsubscribeRequest = Request<ParamsDictionary, unknown, unknown, z.infer<typeof UnsubscribeQuery>>;

export function alertPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const searches = savedSearches(services);
  const manage = requirePolicy('alerts:manage-own');
  const from = (req: Request) => ({ lng: req.lng, linkBase: tenantLink(req, services.publicUrl, '') });

  /** The unsubscribe page in one of its states: never cached, and no Referer carries the link on. */
  const showUnsubscribe = (
    req: UnsubscribeRequest,
    res: Response,
    state: 'confirm' | 'done' | 'already',
    name: string,
  ) => {
    const { search, token } = req.query;
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    res.render('alerts/unsubscribe', {
      title: req.t('alerts:unsubscribe_title'),
      state: { [state]: true },
      message: req.t(`alerts:unsubscribe_${state}`, { name }),
      action: `${req.baseUrl}/alerts/unsubscribe?search=${encodeURIComponent(search)}&token=${encodeURIComponent(token)}`,
    });
  };
  const unsubscribeLink = [
    publicRoute,
    services.limits.perAddress('alert-unsubscribe'),
    validate({ query: UnsubscribeQuery }),
  ] as const;

  router.get('/alerts/unsubscribe', ...unsubscribeLink, async (req: UnsubscribeRequest, res: Response) => {
    const found = await searches.peekUnsubscribe(
      req.actor.tenant,
      services.sessionSecret,
      req.query.search,
      req.query.token,
    );
    showUnsubscribe(req, res, found.frequency === 'off' ? 'already' : 'confirm', found.name);
  });
  router.post('/alerts/unsubscribe', ...unsubscribeLink, async (req: UnsubscribeRequest, res: Response) => {
    const done = await searches.unsubscribe(req.actor, services.sessionSecret, req.query.search, req.query.token);
    showUnsubscribe(req, res, 'done', done.name);
  });

  const save: RequestHandler<ParamsDictionary, unknown, SavedSearchInput> = async (req, res) => {
    await searches.save(req.actor, req.body, from(req));
    res.redirect(303, `${req.baseUrl}/alerts?done=saved`);
  };
  const change: RequestHandler<Id, unknown, SavedSearchInput> = async (req, res) => {
    await searches.save(req.actor, req.body, from(req), req.params.id);
    res.redirect(303, `${req.baseUrl}/alerts?done=changed`);
  };
  const remove: RequestHandler<Id> = async (req, res) => {
    await searches.remove(req.actor, req.params.id);
    res.redirect(303, `${req.baseUrl}/alerts?done=deleted`);
  };

  router.get('/alerts', manage, csrf.token, (req, res) => alertsPage(req, res));
  router.post(
    '/alerts',
    manage,
    csrf.protect,
    csrf.token,
    validate({ body: savedSearchForm }),
    save,
    showFormAgain(alertsPage),
  );
  router.get('/alerts/:id/edit', manage, csrf.token, validate({ params: IdParams }), (req, res) => editPage(req, res));
  router.post(
    '/alerts/:id',
    manage,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: savedSearchForm }),
    change,
    showFormAgain(editPage),
  );
  router.post('/alerts/:id/delete', manage, csrf.protect, validate({ params: IdParams }), remove);
  return router;
}
