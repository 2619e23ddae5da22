/**
 * The platform staff desk at /platform: sign-in (password and second factor), the operator's view
 * of tenants, and the call-center agent's look-up of accounts in the tenants granted to them.
 * Every look into a tenant is written to that tenant's audit trail.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, NotFoundError } from '../http/errors.js';
import { localize } from '../http/language.js';
import { fieldMessages, parseInput } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute, type TaggedHandler } from '../identity/policy.js';
import { claimSession, platformSession } from '../identity/session.js';
import type { Deps } from '../deps.js';
import type { AuditContext } from '../audit/trail.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { jobsBoard } from './jobs-board.js';
import { recentEmails } from '../mail/read.js';
import { parseSlug } from '../tenancy/slug.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import type { StaffDirectory, StaffMember } from './staff.js';

type Csrf = ReturnType<typeof csrfProtection>;

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
  }
}

/** Requires a signed-in staff member (of a role, when given). */
function requireStaff(
  policy: 'staff:desk' | 'staff:lookup',
  roles: ('operator' | 'agent')[] = ['operator', 'agent'],
): TaggedHandler {
  const handler = (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) return res.redirect('/platform/login');
    if (!roles.includes(req.staff.role)) return next(new AppError('forbidden', 403, 'errors:forbidden'));
    next();
  };
  return Object.assign(handler, { policy });
}

/** Who looked, for the audit trail of the tenant looked into. */
function staffContext(req: Request): AuditContext {
  const staff = req.staff!;
  return {
    actor: { type: 'platform', id: staff.id, label: staff.email },
    requestId: typeof req.id === 'string' ? req.id : null,
    clientAddress: req.ip ?? null,
  };
}

/** A tenant the staff member was granted, or a refusal. */
async function grantedTenant(services: Deps, staff: StaffMember, slug: string): Promise<TenantHandle> {
  if (!staff.grants.includes(slug)) throw new AppError('forbidden', 403, 'errors:forbidden');
  const tenant = await services.tenancy.resolve(slug);
  if (!tenant) throw new AppError('tenant_not_found', 404, 'errors:tenant_not_found', { slug });
  return tenant;
}

const SignIn = z.object({ email: z.string().max(320), password: z.string().max(1024), code: z.string().max(12) });
const Lookup = z.object({ tenant: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/), q: z.string().trim().min(2).max(200) });
const CallNote = z.object({
  tenant: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  subject: z.string().trim().min(1).max(200),
  notes: z.string().trim().max(4000).default(''),
});

export function staffPages(services: Deps, directory: StaffDirectory, csrf: Csrf): Router {
  const router = Router();
  router.use(
    '/platform',
    localize(services.i18n),
    platformSession(services.sessions, services.sessionSecret, services.secureCookies),
    async (req, res, next) => {
      res.locals.basePath = '/platform';
      if (req.session.staffId) req.staff = await directory.member(req.session.staffId);
      res.locals.staff = req.staff;
      next();
    },
  );

  router.use(jobsBoard(services.queues));

  router.get('/platform/login', publicRoute, csrf.token, (req, res) =>
    res.render('platform/login', { title: req.t('platform:staff_login_title') }),
  );

  router.post('/platform/login', publicRoute, csrf.protect, csrf.token, async (req, res, next) => {
    const form = SignIn.safeParse(req.body);
    const member = form.success
      ? await directory.signIn(form.data.email, form.data.password, form.data.code, req.ip ?? 'unknown')
      : undefined;
    if (!member || member === 'throttled') {
      const key = member === 'throttled' ? 'platform:staff_login_throttled' : 'platform:staff_login_failed';
      return res.status(member === 'throttled' ? 429 : 401).render('platform/login', {
        title: req.t('platform:staff_login_title'),
        error: req.t(key),
        email: form.success ? form.data.email : '',
      });
    }
    req.session.regenerate((error) => {
      if (error) return next(error);
      claimSession(req);
      req.session.staffId = member.id;
      res.redirect(303, '/platform/desk');
    });
  });

  router.post('/platform/logout', requireStaff('staff:desk'), csrf.protect, (req, res) => {
    req.session.destroy(() => res.redirect(303, '/platform/login'));
  });

  router.get('/platform/desk', requireStaff('staff:desk'), csrf.token, async (req, res) => {
    const staff = req.staff!;
    const records = await services.tenancy.registry.list();
    const visible = staff.role === 'operator' ? records : records.filter((r) => staff.grants.includes(r.slug));
    res.render('platform/desk', {
      title: req.t('platform:desk_title'),
      tenants: visible,
      isOperator: staff.role === 'operator',
      outboxPage: services.outboxPage && staff.role === 'operator',
    });
  });

  // Operators follow a tenant's local mail (no SMTP, never in production); each reading is audited.
  router.get('/platform/tenants/:slug/outbox', requireStaff('staff:desk', ['operator']), async (req, res) => {
    const slug = parseSlug(req.params.slug);
    const tenant = slug ? await services.tenancy.resolve(slug) : undefined;
    if (!services.outboxPage || !tenant) throw new NotFoundError();
    const emails = await inTenant(tenant, async (tx) => {
      const rows = await recentEmails(tx);
      await services.audit.record(tx, tenant, staffContext(req), {
        action: 'platform.outbox-read',
        summary: { emails: rows.length },
      });
      return rows;
    });
    res.render('mail/outbox', {
      title: req.t('mail:outbox_title'),
      tenantName: tenantDisplayName(tenant, req.lng),
      onDesk: true,
      emails,
    });
  });

  router.get('/platform/lookup', requireStaff('staff:lookup'), csrf.token, async (req, res) => {
    const staff = req.staff!;
    let input: z.infer<typeof Lookup>;
    try {
      input = parseInput(Lookup, req.query);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return res.status(422).render('platform/lookup', {
        title: req.t('platform:lookup_title'),
        errors: fieldMessages(error, req.t),
        grants: staff.grants,
      });
    }
    const tenant = await grantedTenant(services, staff, input.tenant);
    const pattern = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const accounts = await inTenant(tenant, async (tx) => {
      const rows = await tx('users as u')
        .leftJoin('suppliers as s', 's.id', 'u.supplier_id')
        .where((q) => q.whereILike('u.email', pattern).orWhereILike('u.display_name', pattern))
        .orderBy('u.email')
        .limit(25)
        .select(
          'u.email',
          'u.display_name',
          'u.roles',
          'u.status',
          'u.email_verified_at',
          'u.totp_enabled_at',
          'u.last_login_at',
          's.status as supplier_status',
          's.registration_no',
        );
      await services.audit.record(tx, tenant, staffContext(req), {
        action: 'callcenter.lookup',
        summary: { query: input.q, results: rows.length },
      });
      return rows as Record<string, unknown>[];
    });
    res.render('platform/lookup', {
      title: req.t('platform:lookup_title'),
      accounts,
      values: input,
      grants: staff.grants,
      searched: true,
    });
  });

  router.post(
    '/platform/calls',
    requireStaff('staff:lookup', ['agent', 'operator']),
    csrf.protect,
    async (req, res) => {
      const staff = req.staff!;
      const input = parseInput(CallNote, req.body ?? {});
      const tenant = await grantedTenant(services, staff, input.tenant);
      await inTenant(tenant, (tx) =>
        services.audit.record(tx, tenant, staffContext(req), {
          action: 'callcenter.call-recorded',
          summary: { subject: input.subject, notes: input.notes },
        }),
      );
      res.redirect(
        303,
        `/platform/lookup?tenant=${encodeURIComponent(input.tenant)}&q=${encodeURIComponent(input.subject.slice(0, 50))}`,
      );
    },
  );

  return router;
}
