/**
 * Changes of a party's unit prices under an active agreement. A party's supplier user requests
 * one ('requested'); an officer of the agency may record an index-linked one. Either waits for an
 * officer of the agency to approve (checked against the rule: never above the item's ceiling, at
 * most the rule's percentage up) or reject it. One open change per price. Suppliers set their own
 * delivery days and stock directly, never the price. Everything audited.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { formatMoney } from '../../i18n/format.js';
import { isLanguage } from '../../i18n/languages.js';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can, ForbiddenError } from '../../identity/policy.js';
import { priceChange } from '../../regulations/frameworks.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import {
  AgreementNotActiveError,
  ChangeDecidedError,
  ChangeNotFoundError,
  ChangeOpenError,
  PriceChangeRefusedError,
  PriceNotFoundError,
} from './errors.js';
import type { DecisionInput, PriceChangeInput, SupplierTermsInput } from './schema.js';

type ChangeDeps = Pick<Deps, 'audit'>;

interface PriceRow {
  id: string;
  unit_price: string;
  delivery_days: number;
  stock: string | null;
  version: number;
  supplier_id: string;
  agreement_id: string;
  agency_id: string;
  status: string;
  ceiling_unit_price: string;
  item_number: number;
}

/** The price (locked) with its party, item and agreement; the agreement must be active. */
async function lockedPrice(tx: Knex.Transaction, priceId: string): Promise<PriceRow> {
  const row = isUuid(priceId)
    ? await tx('framework_prices as fp')
        .join('framework_parties as p', 'p.id', 'fp.party_id')
        .join('framework_items as i', 'i.id', 'fp.item_id')
        .join('framework_agreements as a', 'a.id', 'p.agreement_id')
        .where('fp.id', priceId)
        .forUpdate('fp')
        .first<PriceRow | undefined>(
          'fp.id',
          'fp.unit_price',
          'fp.delivery_days',
          'fp.stock',
          'fp.version',
          'p.supplier_id',
          'a.id as agreement_id',
          'a.agency_id',
          'a.status',
          'i.ceiling_unit_price',
          'i.number as item_number',
        )
    : undefined;
  if (!row) throw new PriceNotFoundError();
  return row;
}

/** The supplier user of the party or an officer of the agency; an outsider learns nothing (404). */
function assertParticipant(actor: Actor, price: PriceRow): 'supplier' | 'officer' {
  if (can(actor.user, 'notices:manage', price.agency_id)) return 'officer';
  if (can(actor.user, 'invoices:submit', price.supplier_id)) return 'supplier';
  if (actor.user) throw new PriceNotFoundError();
  throw new ForbiddenError('frameworks');
}

function assertActive(price: PriceRow): void {
  if (price.status !== 'active') throw new AgreementNotActiveError();
}

export function priceChangesService(deps: ChangeDeps) {
  return {
    /** A change asked for: 'requested' by the party's supplier user, 'index-linked' by an officer of the agency. */
    async request(actor: Actor, input: PriceChangeInput): Promise<{ id: string; status: string }> {
      return inTenant(actor.tenant, async (tx) => {
        const price = await lockedPrice(tx, input.priceId);
        const who = assertParticipant(actor, price);
        assertActive(price);
        const kind = who === 'officer' ? 'index-linked' : 'requested';
        if (input.kind && input.kind !== kind) throw new ForbiddenError(`frameworks:${input.kind}`);
        const open = await tx('framework_price_changes')
          .where({ price_id: price.id, status: 'requested' })
          .first<{ id: string } | undefined>('id');
        if (open) throw new ChangeOpenError();
        const [row] = await tx('framework_price_changes')
          .insert({
            price_id: price.id,
            kind,
            from_price: price.unit_price,
            to_price: input.toPrice,
            reason: input.reason,
            requested_by: actor.user!.id,
          })
          .returning<{ id: string }[]>('id');
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'framework.price-change-requested',
          target: { type: 'framework', id: price.agreement_id },
          summary: {
            change: row!.id,
            price: price.id,
            item: price.item_number,
            kind,
            from: Number(price.unit_price),
            to: input.toPrice,
            reason: input.reason,
          },
        });
        return { id: row!.id, status: 'requested' };
      });
    },

    /** An officer of the agency decides; approval is checked against the rule and changes the price. */
    async decide(actor: Actor, changeId: string, input: DecisionInput) {
      return inTenant(actor.tenant, async (tx) => {
        const change = isUuid(changeId)
          ? await tx('framework_price_changes')
              .where({ id: changeId })
              .forUpdate()
              .first<{ id: string; price_id: string; status: string; to_price: string } | undefined>(
                'id',
                'price_id',
                'status',
                'to_price',
              )
          : undefined;
        if (!change) throw new ChangeNotFoundError();
        const price = await lockedPrice(tx, change.price_id);
        if (!can(actor.user, 'notices:manage', price.agency_id)) {
          assertCan(actor.user, 'notices:manage');
          throw new ChangeNotFoundError();
        }
        assertActive(price);
        if (change.status !== 'requested') throw new ChangeDecidedError();
        const at = await now(tx);
        const config = actor.tenant.config;
        const from = Number(price.unit_price);
        const to = Number(change.to_price);
        let rules: string[] = [];
        if (input.decision === 'approved') {
          const verdict = priceChange(config, at, { from, to, ceiling: Number(price.ceiling_unit_price) });
          if (!verdict.allowed) {
            const lng = isLanguage(actor.audit.locale) ? actor.audit.locale : config.locales.default;
            const refusal = new PriceChangeRefusedError(verdict.reason, {
              max: formatMoney(verdict.maxPrice, config.currency, lng, config.numberingSystem),
              version: Number(/v(\d+)$/.exec(verdict.rule)?.[1] ?? 1),
            });
            refusal.extensions = { maxPrice: verdict.maxPrice, rule: verdict.rule };
            throw refusal;
          }
          rules = [verdict.rule];
          await tx('framework_prices')
            .where({ id: price.id })
            .update({ unit_price: to, version: price.version + 1, updated_at: at });
        }
        await tx('framework_price_changes')
          .where({ id: change.id })
          .update({
            status: input.decision,
            decided_by: actor.user!.id,
            decided_at: at,
            decision_note: input.note ?? null,
            applied_rules: rules,
          });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          at,
          action: input.decision === 'approved' ? 'framework.price-change-approved' : 'framework.price-change-rejected',
          target: { type: 'framework', id: price.agreement_id },
          summary: {
            change: change.id,
            price: price.id,
            item: price.item_number,
            before: { unitPrice: from, version: price.version },
            after: input.decision === 'approved' ? { unitPrice: to, version: price.version + 1 } : { unitPrice: from },
            ...(input.note ? { note: input.note } : {}),
            rules,
          },
        });
        return {
          id: change.id,
          status: input.decision,
          unitPrice: input.decision === 'approved' ? to : from,
        };
      });
    },

    /** The party's supplier user sets its delivery days and stock for one item (never the price). */
    async updateTerms(actor: Actor, input: SupplierTermsInput) {
      return inTenant(actor.tenant, async (tx) => {
        const price = await lockedPrice(tx, input.priceId);
        if (assertParticipant(actor, price) !== 'supplier') throw new ForbiddenError('frameworks:terms');
        assertActive(price);
        const at = await now(tx);
        const stock = input.stock === undefined ? (price.stock === null ? null : Number(price.stock)) : input.stock;
        await tx('framework_prices')
          .where({ id: price.id })
          .update({ delivery_days: input.deliveryDays, stock, updated_at: at });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          at,
          action: 'framework.terms-updated',
          target: { type: 'framework', id: price.agreement_id },
          summary: {
            price: price.id,
            item: price.item_number,
            before: { deliveryDays: price.delivery_days, stock: price.stock === null ? null : Number(price.stock) },
            after: { deliveryDays: input.deliveryDays, stock },
          },
        });
        return { priceId: price.id, deliveryDays: input.deliveryDays, stock };
      });
    },
  };
}
