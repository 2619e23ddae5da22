/**
 * Innovative products: an officer (or tenant administrator) designates a registered supplier's
 * product for the validity the `innovative-products` rule gives, or revokes it with a reason. An
 * agency's officer asks for a test purchase within the rule's test-purchase limit; another officer
 * approves or rejects it (maker-checker), and the agency reports how the product did. Audited.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import { formatMoney } from '../../i18n/format.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { designationUntil, directPurchase } from '../../regulations/innovative-products.js';
import { indexTerms } from '../../search/terms.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import {
  AboveTestLimitError,
  AlreadyRevokedError,
  NotDesignatedError,
  OwnRequestError,
  SupplierNotRegisteredError,
  WrongStatusError,
} from './errors.js';
import { productIn, testPurchaseIn, type Product, type TestPurchase } from './read.js';
import type { DecisionInput, DesignationInput, EvaluationInput, RevocationInput, TestRequestInput } from './schema.js';

/** The search terms of a product: its name and description in every language it has. */
function termsOf(name: Record<string, string>, description: Record<string, string>, classification: string) {
  const texts = [
    ...Object.entries(name).map(([lng, text]) => ({ text, lng })),
    ...Object.entries(description).map(([lng, text]) => ({ text, lng })),
    { text: classification, lng: 'en' },
  ];
  return indexTerms(texts);
}

async function serial(tx: Knex.Transaction): Promise<number> {
  const { rows } = await tx.raw<{ rows: { n: string }[] }>(`select nextval('innovative_designation_serial') as n`);
  return Number(rows[0]!.n);
}

export function innovationService(services: Pick<Deps, 'audit'>) {
  return {
    async designate(actor: Actor, input: DesignationInput): Promise<Product> {
      const { tenant, audit } = actor;
      assertCan(actor.user, 'innovation:designate');
      const user = actor.user;
      const languages = tenant.config.locales.supported;
      return inTenant(tenant, async (tx) => {
        const supplier = await tx('suppliers')
          .where({ id: input.supplierId })
          .first<{ status: string } | undefined>('status');
        if (supplier?.status !== 'approved') throw new SupplierNotRegisteredError();
        const at = await now(tx);
        const validity = designationUntil(tenant.config, at, input.designatedFrom);
        const name = collectLocalized(input, 'name', languages) as Record<string, string>;
        const description = collectLocalized(input, 'description', languages) as Record<string, string>;
        const designationNo = `IP-${input.designatedFrom.slice(0, 4)}-${String(await serial(tx)).padStart(6, '0')}`;
        const [row] = await tx('innovative_products')
          .insert({
            designation_no: designationNo,
            supplier_id: input.supplierId,
            name: JSON.stringify(name),
            description: JSON.stringify(description),
            classification: input.classification,
            unit: input.unit,
            unit_price: input.unitPrice,
            evidence: input.evidence,
            designated_from: input.designatedFrom,
            designated_until: validity.until,
            designated_by: user.id,
            applied_rules: [validity.rule],
            search_terms: termsOf(name, description, input.classification),
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, audit, {
          action: 'innovation.designated',
          target: { type: 'innovative-product', id: row!.id },
          summary: {
            designationNo,
            supplier: input.supplierId,
            unitPrice: input.unitPrice,
            from: input.designatedFrom,
            until: validity.until,
            rule: validity.rule,
          },
        });
        return productIn(tx, actor, row!.id);
      });
    },

    async revoke(actor: Actor, productId: string, input: RevocationInput): Promise<Product> {
      const { tenant, audit } = actor;
      assertCan(actor.user, 'innovation:designate');
      return inTenant(tenant, async (tx) => {
        const product = await productIn(tx, actor, productId);
        await tx('innovative_products').where({ id: product.id }).forUpdate().first('id');
        if (product.status === 'revoked') throw new AlreadyRevokedError(product.designationNo);
        await tx('innovative_products')
          .where({ id: product.id })
          .update({ status: 'revoked', revoked_reason: input.reason });
        await services.audit.record(tx, tenant, audit, {
          action: 'innovation.revoked',
          target: { type: 'innovative-product', id: product.id },
          summary: {
            designationNo: product.designationNo,
            reason: input.reason,
            before: { status: 'designated' },
            after: { status: 'revoked' },
          },
        });
        return productIn(tx, actor, product.id);
      });
    },

    /** An agency officer asks to try a product in force, within the test-purchase limit. */
    async requestTest(actor: Actor, productId: string, input: TestRequestInput): Promise<TestPurchase> {
      const { tenant, audit } = actor;
      assertCan(actor.user, 'notices:manage');
      const user = actor.user;
      return inTenant(tenant, async (tx) => {
        const product = await productIn(tx, actor, productId);
        const total = input.quantity * product.unitPrice;
        const verdict = directPurchase(
          tenant.config,
          await now(tx),
          { status: product.status, designatedFrom: product.designatedFrom, designatedUntil: product.designatedUntil },
          total,
          'test',
        );
        if (!verdict.allowed && verdict.reason === 'not-designated')
          throw new NotDesignatedError(product.designationNo);
        if (!verdict.allowed) {
          const money = (v: number) => formatMoney(v, tenant.config.currency, 'en', 'latn');
          throw new AboveTestLimitError(money(total), money(verdict.limit));
        }
        const [row] = await tx('test_purchases')
          .insert({
            product_id: product.id,
            agency_id: user.agencyId,
            quantity: input.quantity,
            purpose: input.purpose,
            requested_by: user.id,
            applied_rules: [verdict.rule],
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, audit, {
          action: 'innovation.test-requested',
          target: { type: 'test-purchase', id: row!.id },
          summary: {
            product: product.id,
            designationNo: product.designationNo,
            quantity: input.quantity,
            total,
            limit: verdict.limit,
            rule: verdict.rule,
          },
        });
        return testPurchaseIn(tx, row!.id);
      });
    },

    /** Another officer (never the requester) approves or rejects a requested test purchase. */
    async decide(actor: Actor, purchaseId: string, input: DecisionInput): Promise<TestPurchase> {
      const { tenant, audit } = actor;
      assertCan(actor.user, 'innovation:designate');
      const user = actor.user;
      return inTenant(tenant, async (tx) => {
        const purchase = await testPurchaseIn(tx, purchaseId, true);
        if (purchase.status !== 'requested') throw new WrongStatusError('requested');
        if (purchase.requestedBy === user.id) throw new OwnRequestError();
        await tx('test_purchases')
          .where({ id: purchase.id })
          .update({
            status: input.decision,
            decided_by: user.id,
            decided_at: await now(tx),
            decision_note: input.note ?? null,
          });
        await services.audit.record(tx, tenant, audit, {
          action: input.decision === 'approved' ? 'innovation.test-approved' : 'innovation.test-rejected',
          target: { type: 'test-purchase', id: purchase.id },
          summary: {
            product: purchase.productId,
            designationNo: purchase.designationNo,
            before: { status: 'requested' },
            after: { status: input.decision },
            ...(input.note ? { note: input.note } : {}),
          },
        });
        return testPurchaseIn(tx, purchase.id);
      });
    },

    /** The agency's evaluation report once it has tried the product. */
    async evaluate(actor: Actor, purchaseId: string, input: EvaluationInput): Promise<TestPurchase> {
      const { tenant, audit } = actor;
      assertCan(actor.user, 'notices:manage');
      const user = actor.user;
      return inTenant(tenant, async (tx) => {
        const purchase = await testPurchaseIn(tx, purchaseId, true);
        assertCan(user, 'notices:manage', purchase.agencyId);
        if (purchase.status !== 'approved') throw new WrongStatusError('approved');
        const evaluation = {
          scores: { performance: input.performance, quality: input.quality, cost: input.cost, support: input.support },
          findings: input.findings,
          recommendation: input.recommendation,
        };
        await tx('test_purchases')
          .where({ id: purchase.id })
          .update({
            status: 'evaluated',
            evaluation: JSON.stringify(evaluation),
            evaluated_by: user.id,
            evaluated_at: await now(tx),
          });
        await services.audit.record(tx, tenant, audit, {
          action: 'innovation.test-evaluated',
          target: { type: 'test-purchase', id: purchase.id },
          summary: {
            product: purchase.productId,
            designationNo: purchase.designationNo,
            scores: evaluation.scores,
            recommendation: input.recommendation,
            before: { status: 'approved' },
            after: { status: 'evaluated' },
          },
        });
        return testPurchaseIn(tx, purchase.id);
      });
    },
  };
}
