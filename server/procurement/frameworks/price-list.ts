/**
 * A bid's sealed price list on a framework notice: one unit price for every item, and the bid's
 * price equal to the sum of unit price × estimated quantity. The total is refused when it differs
 * rather than computed: the bidder confirms (and may sign with a passkey) the price they typed,
 * so the server never seals a price other than the one they saw. A notice without framework terms
 * takes no price list. Ceilings are not checked here: a price above one is a valid bid that
 * simply never becomes a party (regulations/frameworks.ts).
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';

export interface PriceListEntry {
  item: number;
  unitPrice: number;
}

interface ItemRow {
  number: number;
  estimated_quantity: number;
}

/** The framework's items of a notice (number and estimated quantity), none when it is no framework. */
export function frameworkItemsOfNotice(tx: Knex.Transaction, noticeId: string): Promise<ItemRow[]> {
  return tx('framework_items as i')
    .join('framework_agreements as a', 'a.id', 'i.agreement_id')
    .where('a.notice_id', noticeId)
    .orderBy('i.number')
    .select<ItemRow[]>('i.number', 'i.estimated_quantity');
}

/** Checks a bid's price list against the notice's framework items; answers it sorted by item. */
export async function checkedPriceList(
  tx: Knex.Transaction,
  noticeId: string,
  bid: { price: number; priceList?: PriceListEntry[] },
): Promise<PriceListEntry[] | undefined> {
  const items = await frameworkItemsOfNotice(tx, noticeId);
  if (items.length === 0) {
    if (bid.priceList && bid.priceList.length > 0)
      throw new ValidationError([{ field: 'priceList', key: 'frameworks:price_list_not_expected' }]);
    return undefined;
  }
  const list = bid.priceList ?? [];
  const problems: FieldDetail[] = [];
  const byItem = new Map(list.map((e) => [e.item, e.unitPrice]));
  if (byItem.size !== list.length) problems.push({ field: 'priceList', key: 'frameworks:item_priced_twice' });
  items.forEach((item) => {
    if (!byItem.has(item.number))
      problems.push({
        field: `priceList.${item.number}`,
        key: 'frameworks:item_not_priced',
        params: { number: item.number },
      });
  });
  const known = new Set(items.map((i) => i.number));
  for (const entry of list)
    if (!known.has(entry.item))
      problems.push({ field: 'priceList', key: 'frameworks:item_unknown', params: { number: entry.item } });
  if (problems.length > 0) throw new ValidationError(problems);
  const total = items.reduce((sum, item) => sum + byItem.get(item.number)! * item.estimated_quantity, 0);
  if (total !== bid.price)
    throw new ValidationError([{ field: 'price', key: 'frameworks:price_not_total', params: { total } }]);
  return items.map((item) => ({ item: item.number, unitPrice: byItem.get(item.number)! }));
}
