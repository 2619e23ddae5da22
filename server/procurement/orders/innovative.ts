/**
 * A direct order of a designated innovative product: one line (the product's unit price times the
 * quantity), placed with the product's supplier when the `innovative-products` rule allows the
 * total (designation in force, within the direct-purchase limit), charged to a budget line.
 */
import type { Knex } from 'knex';
import type { PlacingDeps, PlacedOrder } from './placing.js';
import type { SignedInActor } from '../../identity/actor.js';
import { isUuid } from '../../http/params.js';
import { directPurchase } from '../../regulations/innovative-products.js';
import { textIn } from '../contracts/content.js';
import { moneyText } from '../contracts/terms.js';
import { budgetLineToCharge, chargeBudget, insertOrder, nextOrderNo, type OrderTerms } from './charge.js';
import { OrderRefusedError, ProductNotFoundError } from './errors.js';
import { mailEach, mailFormats, supplierUsers } from './notify.js';

interface ProductRow {
  id: string;
  designation_no: string;
  supplier_id: string;
  name: Record<string, string>;
  classification: string;
  unit: string;
  unit_price: string;
  status: string;
  designated_from: string;
  designated_until: string;
}

export async function placeInnovativeOrder(
  tx: Knex.Transaction,
  deps: PlacingDeps,
  actor: SignedInActor,
  lng: string,
  productId: string,
  input: OrderTerms & { quantity: number },
  at: Date,
): Promise<PlacedOrder> {
  const { tenant, user } = actor;
  const product = isUuid(productId)
    ? await tx('innovative_products')
        .where({ id: productId })
        .first<ProductRow | undefined>(
          'id',
          'designation_no',
          'supplier_id',
          'name',
          'classification',
          'unit',
          'unit_price',
          'status',
          tx.raw('designated_from::text as designated_from'),
          tx.raw('designated_until::text as designated_until'),
        )
    : undefined;
  if (!product) throw new ProductNotFoundError();
  const total = Number(product.unit_price) * input.quantity;
  const verdict = directPurchase(
    tenant.config,
    at,
    { status: product.status, designatedFrom: product.designated_from, designatedUntil: product.designated_until },
    total,
  );
  if (!verdict.allowed)
    throw verdict.reason === 'above-limit'
      ? new OrderRefusedError(
          'innovative_above_limit',
          { limit: moneyText(tenant, lng, verdict.limit), total: moneyText(tenant, lng, total) },
          'quantity',
        )
      : new OrderRefusedError('innovative_not_designated', { designation: product.designation_no });
  const line = await budgetLineToCharge(tx, tenant, at, user.agencyId!, input);
  await chargeBudget(tx, tenant, lng, line, total);
  const orderNo = await nextOrderNo(tx, tenant, at);
  const fallback = tenant.config.locales.default;
  const id = await insertOrder(
    tx,
    {
      order_no: orderNo,
      kind: 'innovative',
      agency_id: user.agencyId,
      product_id: product.id,
      supplier_id: product.supplier_id,
      budget_line_id: line.id,
      total,
      delivery_address: input.deliveryAddress,
      deliver_by: input.deliverBy,
      status: 'awaiting-supplier',
      placed_by: user.id,
      applied_rules: [verdict.rule],
    },
    [
      {
        number: 1,
        item_id: null,
        description: textIn(product.name, user.locale ?? fallback, fallback),
        classification: product.classification,
        unit: product.unit,
        quantity: input.quantity,
        unit_price: Number(product.unit_price),
      },
    ],
  );
  await deps.audit.record(tx, tenant, actor.audit, {
    action: 'order.placed',
    target: { type: 'delivery-order', id },
    summary: {
      orderNo,
      kind: 'innovative',
      product: product.id,
      supplier: product.supplier_id,
      budgetLine: line.id,
      total,
      status: 'awaiting-supplier',
      rules: [verdict.rule],
    },
  });
  await mailEach(
    deps,
    tx,
    tenant,
    await supplierUsers(tx, product.supplier_id),
    { template: 'orders:mail_placed' },
    (l) => ({
      order: orderNo,
      total: moneyText(tenant, l, total),
      deliverBy: mailFormats(tenant, l).day(input.deliverBy),
    }),
  );
  return { id, orderNo, status: 'awaiting-supplier', total };
}
