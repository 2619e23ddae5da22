/** The tenant admin's supplier desk: the registration queue, a company's file, decisions, documents. */
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import { formatList } from '../i18n/format.js';
import type { csrfProtection } from '../identity/csrf.js';
import { auditContextOf } from '../identity/passport.js';
import { requirePolicy } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { endOfDay } from '../time/zone.js';
import { supplierReview } from './review.js';

type Csrf = ReturnType<typeof csrfProtection>;
const STATUSES = ['pending', 'renewal', 'approved', 'rejected', 'expired'] as const;
const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

export function supplierAdminPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const review = supplierReview(services);

  router.get('/admin/suppliers', requirePolicy('suppliers:review'), async (req, res) => {
    const status = STATUSES.find((s) => s === req.query.status) ?? 'pending';
    const suppliers = await inTenant(req.tenant!, (tx) =>
      (status === 'renewal' ? tx('suppliers').whereNotNull('renewal_requested_at') : tx('suppliers').where({ status }))
        .orderBy('submitted_at')
        .select('id', 'legal_name', 'registration_no', 'submitted_at', 'valid_until', 'debarred_until'),
    );
    res.render('suppliers/admin-list', {
      title: req.t('suppliers:admin_title'),
      statuses: STATUSES.map((s) => ({ value: s, label: req.t(`suppliers:status_${s}`), current: s === status })),
      suppliers: suppliers.map((s: { legal_name: Record<string, string> }) => ({
        ...s,
        name: s.legal_name[req.lng] ?? Object.values(s.legal_name)[0],
      })),
    });
  });

  router.get('/admin/suppliers/:id', requirePolicy('suppliers:review'), csrf.token, async (req, res) => {
    const id = String(req.params.id);
    const data = await inTenant(req.tenant!, async (tx) => {
      const supplier = isUuid(id)
        ? await tx('suppliers').where({ id }).first<Record<string, unknown> | undefined>()
        : undefined;
      if (!supplier) throw new NotFoundError('supplier_not_found', 'suppliers:not_found');
      const documents = await tx('supplier_documents')
        .where({ supplier_id: id })
        .select('id', 'file_name', 'content_type', 'size_bytes', 'sha256');
      const users = await tx('users')
        .where({ supplier_id: id })
        .select('display_name', 'email', 'roles', 'email_verified_at');
      return { supplier, documents, users };
    });
    res.render('suppliers/admin-detail', {
      title: req.t('suppliers:admin_detail_title'),
      ...data,
      names: Object.entries(data.supplier.legal_name as Record<string, string>).map(([lng, name]) => ({ lng, name })),
      statusLabel: req.t(`suppliers:status_${String(data.supplier.status)}`),
      pending: data.supplier.status === 'pending',
      renewalRequested: Boolean(data.supplier.renewal_requested_at),
      categories: formatList(
        (data.supplier.categories as string[]).map((c) => req.t(`suppliers:category_${c}`)),
        req.lng,
      ),
    });
  });

  router.get('/admin/suppliers/:id/documents/:documentId', requirePolicy('suppliers:review'), async (req, res) => {
    const { id, documentId } = { id: String(req.params.id), documentId: String(req.params.documentId) };
    const document =
      isUuid(id) && isUuid(documentId)
        ? await inTenant(req.tenant!, (tx) =>
            tx('supplier_documents')
              .where({ id: documentId, supplier_id: id })
              .first<{ file_name: string; content_type: string; content: Buffer } | undefined>(),
          )
        : undefined;
    if (!document) throw new NotFoundError();
    res.type(document.content_type).attachment(document.file_name).send(document.content);
  });

  const back = (baseUrl: string, id: string) => `${baseUrl}/admin/suppliers/${id}`;

  router.post('/admin/suppliers/:id/approve', requirePolicy('suppliers:review'), csrf.protect, async (req, res) => {
    await review.approve(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.redirect(303, back(req.baseUrl, String(req.params.id)));
  });

  router.post(
    '/admin/suppliers/:id/approve-renewal',
    requirePolicy('suppliers:review'),
    csrf.protect,
    async (req, res) => {
      await review.approveRenewal(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
      res.redirect(303, back(req.baseUrl, String(req.params.id)));
    },
  );

  router.post('/admin/suppliers/:id/reject', requirePolicy('suppliers:review'), csrf.protect, async (req, res) => {
    const { reason } = parseInput(z.object({ reason: z.string().trim().min(1).max(2000) }), req.body ?? {});
    await review.reject(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason);
    res.redirect(303, back(req.baseUrl, String(req.params.id)));
  });

  router.post('/admin/suppliers/:id/debar', requirePolicy('suppliers:debar'), csrf.protect, async (req, res) => {
    const input = parseInput(
      z.object({ until: z.iso.date(), reason: z.string().trim().min(1).max(2000) }),
      req.body ?? {},
    );
    await review.debar(
      req.tenant!,
      req.user!,
      auditContextOf(req),
      String(req.params.id),
      endOfDay(input.until, req.tenant!.config.timeZone),
      input.reason,
    );
    res.redirect(303, back(req.baseUrl, String(req.params.id)));
  });

  router.post(
    '/admin/suppliers/:id/lift-debarment',
    requirePolicy('suppliers:debar'),
    csrf.protect,
    async (req, res) => {
      await review.liftDebarment(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
      res.redirect(303, back(req.baseUrl, String(req.params.id)));
    },
  );

  return router;
}
