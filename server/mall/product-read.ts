/**
 * One offer of the catalog: an agreement's item at one party's current price, with the agreement
 * it falls under and what the agreement's other active parties ask for the same item. Only offers
 * in force are found: an expired agreement's or a withdrawn party's price is not for sale.
 */
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { frameworkOffers, type LocalizedText } from './catalog-read.js';
import { OfferNotFoundError } from './errors.js';

export interface Offer {
  price_id: string;
  item_id: string;
  number: number;
  description: LocalizedText;
  classification: string;
  unit: string;
  ceiling_unit_price: string;
  unit_price: string;
  delivery_days: number;
  stock: number | null;
  updated_at: Date;
  supplier_id: string;
  supplier_name: LocalizedText;
  agreement_id: string;
  agreement_no: string;
  title: LocalizedText;
  starts_on: string;
  ends_on: string;
}

export interface OtherOffer {
  price_id: string;
  unit_price: string;
  delivery_days: number;
  stock: number | null;
  supplier_name: LocalizedText;
}

export interface Product {
  offer: Offer;
  others: OtherOffer[];
}

export async function readProduct(actor: Actor, priceId: string): Promise<Product> {
  const zone = actor.tenant.config.timeZone;
  return inTenant(actor.tenant, async (tx) => {
    const offer = await frameworkOffers(tx, zone)
      .where('fp.id', priceId)
      .first<Offer | undefined>(
        'fp.id as price_id',
        'fi.id as item_id',
        'fi.number',
        'fi.description',
        'fi.classification',
        'fi.unit',
        'fi.ceiling_unit_price',
        'fp.unit_price',
        'fp.delivery_days',
        'fp.stock',
        'fp.updated_at',
        's.id as supplier_id',
        's.legal_name as supplier_name',
        'fa.id as agreement_id',
        'fa.agreement_no',
        'fa.title',
        tx.raw(`to_char(fa.starts_on, 'YYYY-MM-DD') as starts_on`),
        tx.raw(`to_char(fa.ends_on, 'YYYY-MM-DD') as ends_on`),
      );
    if (!offer) throw new OfferNotFoundError();
    const others = await frameworkOffers(tx, zone)
      .where('fi.id', offer.item_id)
      .whereNot('fp.id', priceId)
      .orderBy([{ column: 'fp.unit_price' }, { column: 'fp.id' }])
      .select<OtherOffer[]>(
        'fp.id as price_id',
        'fp.unit_price',
        'fp.delivery_days',
        'fp.stock',
        's.legal_name as supplier_name',
      );
    return { offer, others };
  });
}
