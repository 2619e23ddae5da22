/**
 * The tenant admin's pages: people (invite, roles, deactivation) and buyer agencies. Each handler
 * parses the form, calls one service function and redirects (303) on success; a validation
 * failure re-renders the page with what was submitted and localized field messages (422).
 */
import { Router, type Request, type Response } from 'express';
import { tenantLink } from '../http/origin.js';
import { fieldMessages, formField, ValidationError } from '../http/validate.js';
import { formatList } from '../i18n/format.js';
import { directionOf, NATIVE_NAMES, type Language } from '../i18n/languages.js';
import type { csrfProtection } from '../identity/csrf.js';
import { auditContextOf } from '../identity/passport.js';
import { requirePolicy } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { createAgency, listAgencies, type AgencyListing } from './agencies-service.js';
import {
  deactivateUser,
  inviteUser,
  listUsers,
  reactivateUser,
  setRoles,
  STAFF_ROLES,
  type AdminActor,
} from './users-service.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** Outcomes announced after a redirect (`?done=…`); anything else is ignored. */
const DONE = new Set(['invited', 'roles', 'deactivated', 'reactivated', 'agency']);

function actorOf(req: Request, services: Deps): AdminActor {
  return {
    user: req.user,
    audit: auditContextOf(req),
    link: (path) => tenantLink(req, services.publicUrl, path),
  };
}

const roleLabel = (req: Request, role: string) => req.t(`identity:role_${role.replace('-', '_')}`);

/** A form's checkbox group: nothing, one value or several. */
function formList(req: Request, name: string): string[] {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** An agency's name in the page's language, else the tenant's default, else any. */
function agencyName(req: Request, name: Partial<Record<Language, string>> | null): string {
  if (!name) return '';
  return name[req.lng] ?? name[req.tenant!.config.locales.default] ?? Object.values(name)[0] ?? '';
}

function roleOptions(req: Request, checked: readonly string[]) {
  return STAFF_ROLES.map((value) => ({ value, label: roleLabel(req, value), checked: checked.includes(value) }));
}

function agencyOptions(req: Request, agencies: AgencyListing[], selected: string | null | undefined) {
  return agencies.map((a) => ({
    value: a.id,
    code: a.code,
    label: agencyName(req, a.name),
    selected: a.id === selected,
  }));
}

interface InviteValues {
  email: string;
  displayName: string;
  roles: string[];
  agencyId: string;
}

interface UsersPageState {
  /** The invitation form as submitted, with its messages. */
  invite?: { values: InviteValues; errors: Record<string, string> };
  /** A failed change on one row, with the roles and agency as submitted. */
  row?: { id: string; error: string; roles?: string[]; agencyId?: string };
}

async function renderUsers(req: Request, res: Response, services: Deps, status = 200, state: UsersPageState = {}) {
  const tenant = req.tenant!;
  const actor = actorOf(req, services);
  const users = await listUsers(tenant, actor);
  const agencies = await listAgencies(tenant, actor);
  const invite = state.invite ?? { values: { email: '', displayName: '', roles: [], agencyId: '' }, errors: {} };
  const done = typeof req.query.done === 'string' && DONE.has(req.query.done) ? req.query.done : undefined;
  res.status(status).render('admin/users', {
    title: req.t('admin:users_title'),
    notice: status === 200 && done ? req.t(`admin:done_${done}`) : undefined,
    error: state.row?.error ?? (Object.keys(invite.errors).length > 0 ? req.t('validation:failed') : undefined),
    invite: {
      ...invite,
      roles: roleOptions(req, invite.values.roles),
      agencies: agencyOptions(req, agencies, invite.values.agencyId),
    },
    users: users.map((u) => {
      const failed = state.row?.id === u.id ? state.row : undefined;
      return {
        ...u,
        self: u.id === req.user!.id,
        roleNames: formatList(
          u.roles.map((r) => roleLabel(req, r)),
          req.lng,
        ),
        agency: u.agencyName ? agencyName(req, u.agencyName) : '',
        statusLabel: req.t(`admin:status_${u.status}`),
        deactivated: u.status === 'deactivated',
        error: failed?.error,
        open: !!failed?.roles,
        roleOptions: roleOptions(req, failed?.roles ?? u.roles),
        agencyOptions: agencyOptions(req, agencies, failed?.agencyId ?? u.agencyId),
      };
    }),
  });
}

async function renderAgencies(
  req: Request,
  res: Response,
  services: Deps,
  status = 200,
  form: { values: Record<string, string | undefined>; errors: Record<string, string> } = { values: {}, errors: {} },
) {
  const tenant = req.tenant!;
  const { default: required, supported } = tenant.config.locales;
  const agencies = await listAgencies(tenant, actorOf(req, services));
  res.status(status).render('admin/agencies', {
    title: req.t('admin:agencies_title'),
    notice: status === 200 && req.query.done === 'agency' ? req.t('admin:done_agency') : undefined,
    error: Object.keys(form.errors).length > 0 ? req.t('validation:failed') : undefined,
    languages: supported.map((lng) => ({ code: lng, name: NATIVE_NAMES[lng] })),
    agencies: agencies.map((a) => ({
      ...a,
      names: supported.map((lng) => ({ code: lng, dir: directionOf(lng), text: a.name[lng] ?? '' })),
    })),
    form: {
      code: form.values.code ?? '',
      codeError: form.errors.code,
      names: supported.map((lng) => ({
        code: lng,
        dir: directionOf(lng),
        field: `name_${lng}`,
        language: NATIVE_NAMES[lng],
        required: lng === required,
        value: form.values[`name_${lng}`] ?? '',
        error: form.errors[`names.${lng}`],
      })),
    },
  });
}

export function adminPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const manageUsers = requirePolicy('users:manage');
  const manageAgencies = requirePolicy('agencies:manage');
  const back = (req: Request, res: Response, page: string, done: string) =>
    res.redirect(303, `${req.baseUrl}/admin/${page}?done=${done}`);

  router.get('/admin/users', manageUsers, csrf.token, async (req, res) => {
    await renderUsers(req, res, services);
  });

  router.post('/admin/users', manageUsers, csrf.protect, csrf.token, async (req, res) => {
    const values: InviteValues = {
      email: formField(req, 'email') ?? '',
      displayName: formField(req, 'displayName') ?? '',
      roles: formList(req, 'roles'),
      agencyId: formField(req, 'agencyId') ?? '',
    };
    try {
      await inviteUser(services, req.tenant!, actorOf(req, services), values);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderUsers(req, res, services, 422, { invite: { values, errors: fieldMessages(error, req.t) } });
    }
    back(req, res, 'users', 'invited');
  });

  /** Row actions share their handling: a refusal re-renders the list with the message on the row. */
  const rowAction =
    (action: (req: Request) => Promise<void>, done: string, keep?: (req: Request) => Partial<UsersPageState['row']>) =>
    async (req: Request, res: Response) => {
      try {
        await action(req);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const error0 = Object.values(fieldMessages(error, req.t))[0] ?? req.t('validation:failed');
        return renderUsers(req, res, services, 422, {
          row: { id: String(req.params.id), error: error0, ...keep?.(req) },
        });
      }
      back(req, res, 'users', done);
    };

  router.post(
    '/admin/users/:id/roles',
    manageUsers,
    csrf.protect,
    csrf.token,
    rowAction(
      (req) =>
        setRoles(services, req.tenant!, actorOf(req, services), {
          userId: req.params.id,
          roles: formList(req, 'roles'),
          agencyId: formField(req, 'agencyId'),
        }),
      'roles',
      (req) => ({ roles: formList(req, 'roles'), agencyId: formField(req, 'agencyId') }),
    ),
  );

  router.post(
    '/admin/users/:id/deactivate',
    manageUsers,
    csrf.protect,
    csrf.token,
    rowAction(
      (req) => deactivateUser(services, req.tenant!, actorOf(req, services), { userId: req.params.id }),
      'deactivated',
    ),
  );

  router.post(
    '/admin/users/:id/reactivate',
    manageUsers,
    csrf.protect,
    csrf.token,
    rowAction(
      (req) => reactivateUser(services, req.tenant!, actorOf(req, services), { userId: req.params.id }),
      'reactivated',
    ),
  );

  router.get('/admin/agencies', manageAgencies, csrf.token, async (req, res) => {
    await renderAgencies(req, res, services);
  });

  router.post('/admin/agencies', manageAgencies, csrf.protect, csrf.token, async (req, res) => {
    const { supported } = req.tenant!.config.locales;
    const values: Record<string, string | undefined> = { code: formField(req, 'code') };
    for (const lng of supported) values[`name_${lng}`] = formField(req, `name_${lng}`);
    const input = {
      code: values.code ?? '',
      names: Object.fromEntries(supported.map((lng) => [lng, values[`name_${lng}`]])),
    };
    try {
      await createAgency(services, req.tenant!, actorOf(req, services), input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderAgencies(req, res, services, 422, { values, errors: fieldMessages(error, req.t) });
    }
    back(req, res, 'agencies', 'agency');
  });

  return router;
}
