/** The price list rows of the bid page on a framework notice, with what the bidder typed. */
import type { Request } from 'express';
import { formatNumber } from '../../i18n/format.js';
import { formatsFor } from '../deliveries/format.js';
import { itemsToPrice } from './read.js';

export async function priceListRows(
  req: Request,
  noticeId: string,
  refused: { values?: Record<string, unknown>; errors?: Record<string, string> },
) {
  const items = await itemsToPrice(req.actor, noticeId);
  const f = formatsFor(req);
  const { numberingSystem } = req.actor.tenant.config;
  return items.map((item) => ({
    number: item.number,
    descriptionText: item.description[req.lng] ?? Object.values(item.description)[0] ?? '',
    unit: item.unit,
    ceilingText: f.money(item.ceilingUnitPrice),
    quantityText: formatNumber(item.estimatedQuantity, req.lng, numberingSystem),
    value: refused.values?.[`priceList.${item.number}`] ?? '',
    error: refused.errors?.[`priceList.${item.number}`],
  }));
}
