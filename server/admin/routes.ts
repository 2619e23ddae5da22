/**
 * The tenant admin's pages: people (invite, roles, deactivation) and buyer agencies. Each form
 * calls one service function and redirects (303) on success; a refusal shows the page again with
 * what was submitted and localized field messages (422), a row's refusal on that row.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain } from '../http/forms.js';
import { tenantLink } from '../http/origin.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { agencyAdmin } from './agencies-service.js';
import { agenciesPage, usersPage } from './page-model.js';
import { agencyForm, InviteForm, RolesForm, type AgencyInput, type InviteInput, type RolesInput } from './schema.js';
import { userAdmin } from './users-service.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Id = z.infer<typeof IdParams>;

const back = (req: Request, res: Response, page: string, done: string) =>
  res.redirect(303, `${req.baseUrl}/admin/${page}?done=${done}`);

/** The form handlers: one service call each, then back to the page with what was done. */
function handlers(services: Deps) {
  const users = userAdmin(services);
  const agencies = agencyAdmin(services);
  const invite: RequestHandler<ParamsDictionary, unknown, InviteInput> = async (req, res) => {
    const link = (path: string) => tenantLink(req, services.publicUrl, path);
    await users.invite(req.actor, { ...req.body, link });
    back(req, res, 'users', 'invited');
  };
  const setRoles: RequestHandler<Id, unknown, RolesInput> = async (req, res) => {
    await users.setRoles(req.actor, req.params.id, req.body);
    back(req, res, 'users', 'roles');
  };
  const deactivate: RequestHandler<Id> = async (req, res) => {
    await users.deactivate(req.actor, req.params.id);
    back(req, res, 'users', 'deactivated');
  };
  const reactivate: RequestHandler<Id> = async (req, res) => {
    await users.reactivate(req.actor, req.params.id);
    back(req, res, 'users', 'reactivated');
  };
  const createAgency: RequestHandler<ParamsDictionary, unknown, AgencyInput> = async (req, res) => {
    await agencies.create(req.actor, req.body);
    back(req, res, 'agencies', 'agency');
  };
  return { invite, setRoles, deactivate, reactivate, createAgency };
}

export function adminPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const on = handlers(services);
  const manageUsers = requirePolicy('users:manage');
  const manageAgencies = requirePolicy('agencies:manage');
  const row = validate({ params: IdParams });

  router.get('/admin/users', manageUsers, csrf.token, (req, res) => usersPage(req, res));
  router.post(
    '/admin/users',
    manageUsers,
    csrf.protect,
    csrf.token,
    validate({ body: InviteForm }),
    on.invite,
    showFormAgain(usersPage, 'invite'),
  );
  router.post(
    '/admin/users/:id/roles',
    manageUsers,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: RolesForm }),
    on.setRoles,
    showFormAgain(usersPage, 'roles'),
  );
  router.post(
    '/admin/users/:id/deactivate',
    manageUsers,
    csrf.protect,
    csrf.token,
    row,
    on.deactivate,
    showFormAgain(usersPage, 'status'),
  );
  router.post(
    '/admin/users/:id/reactivate',
    manageUsers,
    csrf.protect,
    csrf.token,
    row,
    on.reactivate,
    showFormAgain(usersPage, 'status'),
  );

  router.get('/admin/agencies', manageAgencies, csrf.token, (req, res) => agenciesPage(req, res));
  router.post(
    '/admin/agencies',
    manageAgencies,
    csrf.protect,
    csrf.token,
    validate({ body: agencyForm }),
    on.createAgency,
    showFormAgain(agenciesPage),
  );
  return router;
}
