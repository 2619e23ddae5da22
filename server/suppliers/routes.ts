/**
 * Supplier pages: public registration, and the company's own page (status, validity, debarment,
 * documents, colleagues, change of legal identity).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, NotFoundError } from '../http/errors.js';
import { localizedInputs } from '../i18n/localized-fields.js';
import { tenantLink } from '../http/origin.js';
import { fieldMessages, parseInput } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { auditContextOf } from '../identity/passport.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { checkDocuments, receiveDocuments } from './documents.js';
import { bidEligibility, type SupplierStanding } from './eligibility.js';
import { changeSupplierIdentity, inviteColleague, registerSupplier, requestRenewal } from './registration.js';
import { CATEGORIES, identitySchema, registrationSchema } from './schema.js';

type Csrf = ReturnType<typeof csrfProtection>;

const parseMultipart = (req: Request, res: Response) => receiveDocuments(req, res, 'documents');

function registerPage(
  req: Request,
  extra: { values?: Record<string, unknown>; errors?: Record<string, string>; error?: string } = {},
) {
  const tenant = req.tenant!;
  const values = extra.values ?? {};
  const chosen = new Set([values.categories ?? []].flat().map(String));
  return {
    title: req.t('suppliers:register_title'),
    languages: localizedInputs('legal_name', tenant.config.locales, (language) =>
      req.t('suppliers:legal_name_in', { language }),
    ).map((input) => ({ ...input, value: values[input.field] ?? '', error: extra.errors?.[input.field] })),
    categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`), checked: chosen.has(c) })),
    values,
    errors: extra.errors ?? {},
    error: extra.error,
  };
}

export function supplierPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const link = (req: Request) => (path: string) => tenantLink(req, services.publicUrl, path);

  router.get('/register', publicRoute, csrf.token, (req, res) =>
    res.render('suppliers/register', registerPage(req, { values: {} })),
  );

  router.post('/register', publicRoute, services.limits.perAddress('supplier-registration'), async (req, res, next) => {
    try {
      await parseMultipart(req, res);
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      // Nothing is stored: the form comes back with the reason.
      return csrf.token(req, res, () =>
        res
          .status(error.status)
          .render('suppliers/register', registerPage(req, { values: {}, error: req.t(error.key, error.params) })),
      );
    }
    csrf.protect(req, res, async (csrfError?: unknown) => {
      if (csrfError) return next(csrfError);
      const tenant = req.tenant!;
      const values = (req.body ?? {}) as Record<string, unknown>;
      try {
        const fields = parseInput(
          registrationSchema(tenant.config.locales.supported, tenant.config.locales.default),
          values,
        );
        const documents = await checkDocuments((req.files as Express.Multer.File[] | undefined) ?? []);
        await registerSupplier(services, tenant, auditContextOf(req), { fields, documents, link: link(req) });
        res.render('identity/message', {
          title: req.t('suppliers:register_title'),
          message: req.t('suppliers:register_done'),
        });
      } catch (error) {
        if (!(error instanceof AppError)) return next(error);
        csrf.token(req, res, () =>
          res.status(error.status).render(
            'suppliers/register',
            registerPage(req, {
              values: { ...values, password: '' },
              errors: fieldMessages(error, req.t),
              error: error.details.length === 0 ? req.t(error.key, error.params) : req.t('validation:failed'),
            }),
          ),
        );
      }
    });
  });

  router.get('/supplier', requirePolicy('supplier:read-own'), csrf.token, async (req, res) => {
    const tenant = req.tenant!;
    const user = req.user!;
    const data = await inTenant(tenant, async (tx) => {
      const supplier = await tx('suppliers')
        .where({ id: user.supplierId })
        .first<(SupplierStanding & Record<string, unknown>) | undefined>();
      if (!supplier) throw new NotFoundError();
      const documents = await tx('supplier_documents')
        .where({ supplier_id: supplier.id })
        .select('id', 'file_name', 'size_bytes', 'sha256', 'uploaded_at');
      const colleagues = await tx('users')
        .where({ supplier_id: supplier.id })
        .select('display_name', 'email', 'roles', 'status', 'email_verified_at');
      return { supplier, documents, colleagues, eligibility: bidEligibility(supplier, await now(tx)) };
    });
    res.render('suppliers/own', {
      title: req.t('suppliers:own_title'),
      ...data,
      statusLabel: req.t(`suppliers:status_${data.supplier.status}`),
      eligibilityMessage: data.eligibility.eligible
        ? req.t('suppliers:eligible')
        : req.t(
            `suppliers:ineligible_${data.eligibility.reason.replace('-', '_')}`,
            data.eligibility.reason === 'debarred'
              ? { until: data.eligibility.until.toISOString().slice(0, 10), reason: data.eligibility.why }
              : {},
          ),
      canManage: user.roles.includes('supplier-admin'),
      canRenew:
        user.roles.includes('supplier-admin') &&
        ['approved', 'expired'].includes(String(data.supplier.status)) &&
        !data.supplier.renewal_requested_at,
      languages: localizedInputs('legal_name', tenant.config.locales, (language) =>
        req.t('suppliers:legal_name_in', { language }),
      ).map((input) => ({ ...input, value: (data.supplier.legal_name as Record<string, string>)[input.lng] ?? '' })),
    });
  });

  router.post('/supplier/identity', requirePolicy('supplier:manage-own'), csrf.protect, async (req, res) => {
    const tenant = req.tenant!;
    const input = parseInput(
      identitySchema(tenant.config.locales.supported, tenant.config.locales.default),
      req.body ?? {},
    );
    const outcome = await changeSupplierIdentity(services, tenant, req.user!, auditContextOf(req), input);
    res.render('identity/message', {
      title: req.t('suppliers:own_title'),
      message: req.t(`suppliers:identity_${outcome}`),
      link: `${req.baseUrl}/supplier`,
    });
  });

  router.post('/supplier/renew', requirePolicy('supplier:manage-own'), csrf.protect, async (req, res) => {
    await requestRenewal(services, req.tenant!, req.user!, auditContextOf(req));
    res.render('identity/message', {
      title: req.t('suppliers:own_title'),
      message: req.t('suppliers:renewal_requested'),
      link: `${req.baseUrl}/supplier`,
    });
  });

  router.post('/supplier/users', requirePolicy('supplier:manage-own'), csrf.protect, async (req, res) => {
    const input = parseInput(
      z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200) }),
      req.body ?? {},
    );
    await inviteColleague(services, req.tenant!, req.user!, auditContextOf(req), { ...input, link: link(req) });
    res.redirect(303, `${req.baseUrl}/supplier`);
  });

  return router;
}
