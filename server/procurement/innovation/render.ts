/**
 * The innovative-product pages as the reader sees them: the public list of designations in force,
 * one product (with the buyer's direct-order and test-purchase forms, the officer's revocation),
 * and the officers' desk with the designation form. A refused form comes back with its messages.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { localizedInputs, textIn } from '../../i18n/localized-fields.js';
import { can } from '../../identity/policy.js';
import { formatsFor } from '../deliveries/format.js';
import {
  allProducts,
  currentBudgetLines,
  oneProduct,
  productsInForce,
  purchaseLimits,
  registeredSuppliers,
  type Product,
} from './read.js';

/** A refusal of the form named `form` on a page with several, else undefined. */
export function failureFor(refusal: FormRefusal | undefined, form: string): FormRefusal | undefined {
  return refusal?.form === form ? refusal : undefined;
}

function productRow(req: Request, p: Product) {
  const f = formatsFor(req);
  const lng = req.actor.tenant.config.locales.default;
  return {
    id: p.id,
    designationNo: p.designationNo,
    nameText: textIn(p.name, req.lng, lng),
    descriptionText: textIn(p.description, req.lng, lng),
    supplierText: textIn(p.supplier.name, req.lng, lng),
    classification: p.classification,
    unit: p.unit,
    unitPriceText: f.money(p.unitPrice),
    fromText: f.day(p.designatedFrom),
    untilText: f.day(p.designatedUntil),
    statusLabel: req.t(p.inForce ? 'innovation:status_in_force' : `innovation:status_${p.status}_off`),
    revoked: p.status === 'revoked',
  };
}

export async function listPage(req: Request, res: Response): Promise<void> {
  const products = await productsInForce(req.actor);
  res.render('innovation/list', {
    title: req.t('innovation:list_title'),
    products: products.map((p) => productRow(req, p)),
    mayDesignate: can(req.user, 'innovation:designate'),
    signedIn: Boolean(req.user),
  });
}

/** The officers' desk: every designation, and the designation form. */
export async function deskPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const { locales } = req.actor.tenant.config;
  const lng = locales.default;
  const [products, suppliers] = await Promise.all([allProducts(req.actor), registeredSuppliers(req.actor)]);
  const values = refusal?.values ?? {};
  const field = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const localized = (prefix: string, label: string) =>
    localizedInputs(prefix, locales, (language) => req.t(label, { language })).map((i) => ({
      ...i,
      value: field(i.field),
      error: refusal?.errors[i.field],
    }));
  res.render('innovation/desk', {
    title: req.t('innovation:desk_title'),
    products: products.map((p) => productRow(req, p)),
    suppliers: suppliers.map((s) => ({
      id: s.id,
      label: `${textIn(s.name, req.lng, lng)} (${s.registrationNo})`,
      selected: field('supplierId') === s.id,
    })),
    names: localized('name', 'innovation:name_in'),
    descriptions: localized('description', 'innovation:description_in'),
    values,
    errors: refusal?.errors ?? {},
    error: refusal?.error,
  });
}

/** The product's id: the page's own, or the one a refused form was posted for. */
const productIdOf = (req: Request) => String(req.params.id);

/** One product; a refused form (test, revoke) shows its messages next to it. */
export async function productPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const product = await oneProduct(req.actor, productIdOf(req));
  const limits = await purchaseLimits(req.actor, product);
  const f = formatsFor(req);
  const user = req.user;
  const buyer = can(user, 'notices:manage') && product.inForce;
  const lines = buyer && user?.agencyId ? await currentBudgetLines(req.actor, user.agencyId) : [];
  const lng = req.actor.tenant.config.locales.default;
  res.render('innovation/product', {
    title: textIn(product.name, req.lng, lng),
    product: { ...productRow(req, product), evidence: product.evidence },
    directLimitText: f.money(limits.direct),
    testLimitText: f.money(limits.test),
    revokedReason: product.revokedReason,
    buyer,
    budgetLines: lines.map((l) => ({
      id: l.id,
      label: `${l.code} · ${textIn(l.label, req.lng, lng)} · ${req.t('innovation:available', { amount: f.money(l.available) })}`,
    })),
    mayRevoke: can(user, 'innovation:designate') && product.status === 'designated',
    testFailure: failureFor(refusal, 'test'),
    revokeFailure: failureFor(refusal, 'revoke'),
  });
}
