/**
 * An agency buyer's cart: rows in cart_items (any web process serves the next request), read with
 * the current agreement prices and grouped by agreement and supplier, one future order per group.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { isUuid } from '../../http/params.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { PriceNotFoundError } from './errors.js';
import type { CartItemInput } from './schema.js';

export interface CartRow {
  cart_id: string;
  price_id: string;
  quantity: number;
  unit_price: string;
  stock: number | null;
  item_id: string;
  item_number: number;
  description: Record<string, string>;
  classification: string;
  unit: string;
  party_id: string;
  party_status: string;
  supplier_id: string;
  supplier_name: Record<string, string>;
  agreement_id: string;
  agreement_no: string;
  agreement_title: Record<string, string>;
}

export interface CartLine {
  id: string;
  priceId: string;
  itemNumber: number;
  description: Record<string, string>;
  unit: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface CartGroup {
  agreementId: string;
  agreementNo: string;
  agreementTitle: Record<string, string>;
  supplierId: string;
  supplierName: Record<string, string>;
  lines: CartLine[];
  total: number;
}

/** The user's cart rows joined to their prices, items, parties and agreements (`lock`: for placing). */
export function cartRows(tx: Knex.Transaction, userId: string, lock = false): Promise<CartRow[]> {
  const q = tx('cart_items as ci')
    .join('framework_prices as p', 'p.id', 'ci.price_id')
    .join('framework_items as i', 'i.id', 'p.item_id')
    .join('framework_parties as fp', 'fp.id', 'p.party_id')
    .join('suppliers as s', 's.id', 'fp.supplier_id')
    .join('framework_agreements as a', 'a.id', 'fp.agreement_id')
    .where('ci.user_id', userId)
    .orderBy([{ column: 'a.agreement_no' }, { column: 's.legal_name' }, { column: 'i.number' }]);
  if (lock) q.forUpdate('ci');
  return q.select<CartRow[]>(
    'ci.id as cart_id',
    'ci.price_id',
    'ci.quantity',
    'p.unit_price',
    'p.stock',
    'i.id as item_id',
    'i.number as item_number',
    'i.description',
    'i.classification',
    'i.unit',
    'fp.id as party_id',
    'fp.status as party_status',
    's.id as supplier_id',
    's.legal_name as supplier_name',
    'a.id as agreement_id',
    'a.agreement_no',
    'a.title as agreement_title',
  );
}

/** Rows grouped by (agreement, supplier), in the order read. */
export function groupCart(rows: CartRow[]): CartGroup[] {
  const groups = new Map<string, CartGroup>();
  for (const r of rows) {
    const key = `${r.agreement_id}/${r.supplier_id}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        agreementId: r.agreement_id,
        agreementNo: r.agreement_no,
        agreementTitle: r.agreement_title,
        supplierId: r.supplier_id,
        supplierName: r.supplier_name,
        lines: [],
        total: 0,
      };
      groups.set(key, group);
    }
    const unitPrice = Number(r.unit_price);
    group.lines.push({
      id: r.cart_id,
      priceId: r.price_id,
      itemNumber: r.item_number,
      description: r.description,
      unit: r.unit,
      quantity: r.quantity,
      unitPrice,
      amount: unitPrice * r.quantity,
    });
    group.total += unitPrice * r.quantity;
  }
  return [...groups.values()];
}

const buyer = (actor: Actor) => {
  const user = actor.user;
  assertCan(user, 'notices:manage');
  return user;
};

export function cartService() {
  return {
    async read(actor: Actor): Promise<{ groups: CartGroup[]; total: number }> {
      const user = buyer(actor);
      const groups = await inTenant(actor.tenant, async (tx) => groupCart(await cartRows(tx, user.id)));
      return { groups, total: groups.reduce((s, g) => s + g.total, 0) };
    },

    /** Adds a priced item (the quantity adds up when it is already in the cart). */
    async add(actor: Actor, input: CartItemInput): Promise<{ id: string; quantity: number }> {
      const user = buyer(actor);
      return inTenant(actor.tenant, async (tx) => {
        const price = await tx('framework_prices as p')
          .join('framework_parties as fp', 'fp.id', 'p.party_id')
          .join('framework_agreements as a', 'a.id', 'fp.agreement_id')
          .where('p.id', input.priceId)
          .where('a.status', 'active')
          .first<{ id: string } | undefined>('p.id');
        if (!price) throw new PriceNotFoundError();
        const [row] = await tx
          .raw<{ rows: { id: string; quantity: number }[] }>(
            `insert into cart_items (user_id, price_id, quantity) values (?, ?, ?)
           on conflict (user_id, price_id) do update set quantity = least(cart_items.quantity + excluded.quantity, 1000000)
           returning id, quantity`,
            [user.id, input.priceId, input.quantity],
          )
          .then((r) => r.rows);
        return row!;
      });
    },

    async setQuantity(actor: Actor, itemId: string, quantity: number): Promise<void> {
      const user = buyer(actor);
      if (!isUuid(itemId)) throw new PriceNotFoundError();
      await inTenant(actor.tenant, async (tx) => {
        const n = await tx('cart_items').where({ id: itemId, user_id: user.id }).update({ quantity });
        if (n === 0) throw new PriceNotFoundError();
      });
    },

    async remove(actor: Actor, itemId: string): Promise<void> {
      const user = buyer(actor);
      if (!isUuid(itemId)) throw new PriceNotFoundError();
      await inTenant(actor.tenant, (tx) => tx('cart_items').where({ id: itemId, user_id: user.id }).delete());
    },
  };
}
