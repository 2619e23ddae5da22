/**
 * The platform staff desk at /platform: sign-in (password and second factor), the operator's view
 * of tenants, and the call-center agent's look-up of accounts in the tenants granted to them.
 * Every look into a tenant is written to that tenant's audit trail (platform/desk.ts).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { localize } from '../http/language.js';
import { formatNumber } from '../i18n/format.js';
import { loadMigrations } from '../tenancy/migrator.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { parsedQuery, validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute } from '../identity/policy.js';
import { claimSession, platformSession } from '../identity/session.js';
import { PATH_PREFIX } from '../tenancy/resolve.js';
import { SLUG_PATTERN } from '../tenancy/slug.js';
import { staffDesk } from './desk.js';
import { jobsBoard } from './jobs-board.js';
import { requireStaff, staffActor } from './staff-steps.js';
import type { StaffDirectory } from './staff.js';

type Csrf = ReturnType<typeof csrfProtection>;

const SignIn = z.object({ email: z.string().max(320), password: z.string().max(1024), code: z.string().max(12) });
/** A malformed sign-in form is a failed sign-in (nobody is asked). */
const SignInForm = SignIn.nullable().catch(null);
const Slug = z.string().regex(SLUG_PATTERN);
const TenantParams = z.object({ slug: Slug });
const OldLookup = z.object({ q: z.string().trim().max(200).optional() });

function loginPage(req: Request, res: Response, failed?: { status: number; error: string; email: string }) {
  if (!failed) return res.render('platform/login', { title: req.t('platform:staff_login_title') });
  const { status, error, email } = failed;
  res.status(status).render('platform/login', { title: req.t('platform:staff_login_title'), error, email });
}

/** Signs a staff member in (a new session), or shows the form again with why not (401, 429 throttled). */
function signInWith(directory: StaffDirectory): RequestHandler<ParamsDictionary, unknown, z.infer<typeof SignInForm>> {
  return async (req, res, next) => {
    const form = req.body;
    const member = form ? await directory.signIn(form.email, form.password, form.code, req.ip ?? 'unknown') : undefined;
    if (!member || member === 'throttled') {
      const throttled = member === 'throttled';
      const error = req.t(throttled ? 'platform:staff_login_throttled' : 'platform:staff_login_failed');
      return loginPage(req, res, { status: throttled ? 429 : 401, error, email: form?.email ?? '' });
    }
    req.session.regenerate((error) => {
      if (error) return next(error);
      claimSession(req);
      req.session.staffId = member.id;
      // A trainer's desk is their sandboxes.
      res.redirect(303, member.role === 'trainer' ? '/platform/sandboxes' : '/platform/desk');
    });
  };
}

function handlers(services: Deps) {
  const desk = staffDesk(services);

  const deskPage: RequestHandler = async (req, res) => {
    const staff = req.staff!;
    const migrations = await loadMigrations('tenant');
    const tenants = await desk.tenants(staffActor(req));
    res.render('platform/desk', {
      title: req.t('platform:desk_title'),
      // Each tenant by name, its state and its schema in words (the version stays in a tooltip).
      tenants: tenants.map((t) => {
        const handle = services.tenancy.handleFor(t);
        const applied = migrations.findIndex((m) => m.name === t.migrationVersion) + 1;
        const pending = migrations.length - applied;
        return {
          slug: t.slug,
          path: `${PATH_PREFIX[t.kind]}/${t.slug}`,
          name: handle ? tenantDisplayName(handle, req.lng) : t.slug,
          statusText: req.t(`platform:tenant_status_${t.status}`),
          migrationVersion: t.migrationVersion,
          migrationText:
            t.migrationState === 'failed'
              ? req.t('platform:migrations_failed')
              : pending === 0
                ? req.t('platform:migrations_current')
                : req.t('platform:migrations_pending', { n: formatNumber(pending, req.lng) }),
        };
      }),
      isOperator: staff.role === 'operator',
      outboxPage: services.outboxPage && staff.role === 'operator',
    });
  };

  const outbox: RequestHandler<z.infer<typeof TenantParams>> = async (req, res) => {
    const { tenant, emails } = await desk.outbox(staffActor(req), req.params.slug);
    res.render('mail/outbox', {
      title: req.t('mail:outbox_title'),
      tenantName: tenantDisplayName(tenant, req.lng),
      onDesk: true,
      emails,
    });
  };

  return { deskPage, outbox };
}

export function staffPages(services: Deps, directory: StaffDirectory, csrf: Csrf): Router {
  const router = Router();
  const on = handlers(services);
  router.use(
    '/platform',
    localize(services.i18n),
    platformSession(services.sessions, services.sessionSecret, services.secureCookies),
    async (req, res, next) => {
      res.locals.basePath = '/platform';
      if (req.session.staffId) req.staff = await directory.member(req.session.staffId);
      res.locals.staff = req.staff;
      // The staff menu: what the member's role may open, and the token its sign-out button needs.
      if (req.staff)
        res.locals.staffMenu = { operator: req.staff.role === 'operator', trainer: req.staff.role === 'trainer' };
      // The tenants a member may look into, by name in the reader's language (the slug is the value).
      if (req.staff)
        res.locals.grantedTenants = await Promise.all(
          req.staff.grants.map(async (slug) => {
            const tenant = await services.tenancy.resolve(slug);
            return { slug, name: tenant ? tenantDisplayName(tenant, req.lng) : slug };
          }),
        );
      if (req.staff && req.method === 'GET') return csrf.token(req, res, next);
      next();
    },
  );
  router.use(jobsBoard(services.queues));

  router.get('/platform/login', publicRoute, csrf.token, (req, res) => loginPage(req, res));
  router.post(
    '/platform/login',
    publicRoute,
    csrf.protect,
    csrf.token,
    validate({ body: SignInForm }),
    signInWith(directory),
  );
  router.post('/platform/logout', requireStaff('staff:desk'), csrf.protect, (req, res) => {
    req.session.destroy(() => res.redirect(303, '/platform/login'));
  });
  router.get('/platform/desk', requireStaff('staff:desk'), csrf.token, on.deskPage);
  router.get(
    '/platform/tenants/:slug/outbox',
    requireStaff('staff:desk', ['operator']),
    validate({ params: TenantParams }),
    on.outbox,
  );
  // The look-up of accounts became the console's search: an old bookmark lands there.
  router.get('/platform/lookup', requireStaff('staff:lookup'), validate({ query: OldLookup }), (req, res) => {
    const { q } = parsedQuery(req, OldLookup);
    res.redirect(301, q ? `/platform/console?q=${encodeURIComponent(q)}` : '/platform/console');
  });
  return router;
}
