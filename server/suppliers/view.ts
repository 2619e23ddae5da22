/** The supplier pages' view models: the registration form, the company's own page, the admin's desk. */
import type { Approval } from '../approvals/approval.js';
import { pendingCheckView } from '../approvals/pending-view.js';
import type { NextFunction, Request, Response } from 'express';
import type { FormPage, FormRefusal } from '../http/forms.js';
import type { CompanyPerson } from '../conflicts/matching.js';
import { peopleAsForm } from '../conflicts/people.js';
import { peopleList, peopleRows } from '../conflicts/people-view.js';
import { formatList } from '../i18n/format.js';
import { localizedInputs } from '../i18n/localized-fields.js';
import type { csrfProtection } from '../identity/csrf.js';
import type { OwnSupplier, SupplierListing, SupplierStatusFilter } from './read.js';
import { SUPPLIER_STATUSES } from './read.js';
import { CATEGORIES } from './schema.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** The refusal of the upload itself (too large, too many): nothing was read, so nothing comes back. */
export const UPLOAD_FORM = 'upload';

function registerModel(req: Request, refusal?: FormRefusal) {
  const values: Record<string, unknown> =
    !refusal || refusal.form === UPLOAD_FORM ? {} : { ...refusal.values, password: '' };
  const errors = refusal?.form === UPLOAD_FORM ? {} : (refusal?.errors ?? {});
  const chosen = new Set([values.categories ?? []].flat().map(String));
  return {
    title: req.t('suppliers:register_title'),
    nameLanguages: localizedInputs('legal_name', req.actor.tenant.config.locales, (language) =>
      req.t('suppliers:legal_name_in', { language }),
    ).map((input) => ({ ...input, value: values[input.field] ?? '', error: errors[input.field] })),
    categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`), checked: chosen.has(c) })),
    people: peopleRows(req, values, errors),
    values,
    errors,
    error: refusal?.error,
  };
}

/** The registration form, with a fresh CSRF token when the chain has not made one (a refused post). */
export function registerPage(csrf: Csrf): FormPage {
  return (req: Request, res: Response, refusal?: FormRefusal) => {
    const render = () => res.render('suppliers/register', registerModel(req, refusal));
    if (res.locals.csrfToken) return render();
    csrf.token(req, res, render as NextFunction);
  };
}

function eligibilityMessage(req: Request, { eligibility }: OwnSupplier): string {
  if (eligibility.eligible) return req.t('suppliers:eligible');
  return req.t(
    `suppliers:ineligible_${eligibility.reason.replace('-', '_')}`,
    eligibility.reason === 'debarred'
      ? { until: eligibility.until.toISOString().slice(0, 10), reason: eligibility.why }
      : {},
  );
}

/** The company's own page: standing, documents, colleagues, and what its administrator may do. */
export function ownSupplierView(req: Request, data: OwnSupplier, refusal?: FormRefusal) {
  const roles = req.user!.roles;
  return {
    title: req.t('suppliers:own_title'),
    ...data,
    // Id numbers are personal data: among the company's users, only its administrators read them.
    peopleListed: peopleList(
      req,
      roles.includes('supplier-admin') ? data.people : data.people.map((p) => ({ ...p, idNumber: null })),
    ),
    people: refusal ? peopleRows(req, refusal.values, refusal.errors) : peopleRows(req, peopleAsForm(data.people)),
    peopleError: refusal?.error,
    statusLabel: req.t(`suppliers:status_${data.supplier.status}`),
    eligibilityMessage: eligibilityMessage(req, data),
    canManage: roles.includes('supplier-admin'),
    canRenew:
      roles.includes('supplier-admin') &&
      ['approved', 'expired'].includes(String(data.supplier.status)) &&
      !data.supplier.renewal_requested_at,
    nameLanguages: localizedInputs('legal_name', req.actor.tenant.config.locales, (language) =>
      req.t('suppliers:legal_name_in', { language }),
    ).map((input) => ({ ...input, value: (data.supplier.legal_name as Record<string, string>)[input.lng] ?? '' })),
  };
}

export function supplierListView(req: Request, status: SupplierStatusFilter, suppliers: SupplierListing[]) {
  return {
    title: req.t('suppliers:admin_title'),
    statuses: SUPPLIER_STATUSES.map((s) => ({
      value: s,
      label: req.t(`suppliers:status_${s}`),
      current: s === status,
    })),
    suppliers: suppliers.map((s) => ({ ...s, name: s.legal_name[req.lng] ?? Object.values(s.legal_name)[0] })),
  };
}

export function supplierFileView(
  req: Request,
  data: {
    supplier: Record<string, unknown>;
    documents: unknown[];
    users: unknown[];
    people: CompanyPerson[];
    check: (Approval & { requesterName: string }) | undefined;
  },
) {
  const { supplier, check, ...rest } = data;
  return {
    title: req.t('suppliers:admin_detail_title'),
    supplier,
    ...rest,
    ...pendingCheckView(req, check),
    people: peopleList(req, data.people),
    names: Object.entries(supplier.legal_name as Record<string, string>).map(([lng, name]) => ({ lng, name })),
    statusLabel: req.t(`suppliers:status_${String(supplier.status)}`),
    pending: supplier.status === 'pending',
    renewalRequested: Boolean(supplier.renewal_requested_at),
    categories: formatList(
      (supplier.categories as string[]).map((c) => req.t(`suppliers:category_${c}`)),
      req.lng,
    ),
  };
}
