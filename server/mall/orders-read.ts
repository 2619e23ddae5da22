/**
 * What was ordered from the mall, as the public reads it: accepted orders only, each with its
 * number, day, agency, supplier, total and how it was bought. Nothing of an open competition
 * (its quotes) and nothing of the agency's budget lines is selected.
 */
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { LocalizedText } from './catalog-read.js';
import type { OrdersFilter } from './schema.js';

export const ORDERS_PAGE = 25;
/** A download is anonymous work: it stops here, as the portal's downloads do. */
export const ORDERS_DOWNLOAD = 5000;

export type OrderKind = 'call-off' | 'competition' | 'innovative';

export interface OrderRow {
  id: string;
  order_no: string;
  placed_at: Date;
  agency_code: string;
  agency_name: LocalizedText;
  supplier_name: LocalizedText;
  total: string;
  kind: OrderKind;
}

export async function readOrders(
  actor: Actor,
  f: OrdersFilter,
  download = false,
): Promise<{ rows: OrderRow[]; more: boolean }> {
  const zone = actor.tenant.config.timeZone;
  const limit = download ? ORDERS_DOWNLOAD : ORDERS_PAGE;
  const rows = await inTenant(actor.tenant, (tx) => {
    const q = tx('delivery_orders as o')
      .join('agencies as a', 'a.id', 'o.agency_id')
      .join('suppliers as s', 's.id', 'o.supplier_id')
      .leftJoin('second_competitions as sc', 'sc.order_id', 'o.id')
      .where('o.status', 'accepted');
    if (f.agency) q.where('a.code', f.agency);
    if (f.from) q.whereRaw('(o.placed_at at time zone ?)::date >= ?::date', [zone, f.from]);
    if (f.to) q.whereRaw('(o.placed_at at time zone ?)::date <= ?::date', [zone, f.to]);
    return q
      .orderBy([
        { column: 'o.placed_at', order: 'desc' },
        { column: 'o.order_no', order: 'desc' },
      ])
      .limit(limit + 1)
      .offset(download ? 0 : (f.page - 1) * ORDERS_PAGE)
      .select<OrderRow[]>(
        'o.id',
        'o.order_no',
        'o.placed_at',
        'a.code as agency_code',
        'a.name as agency_name',
        's.legal_name as supplier_name',
        'o.total',
        tx.raw(
          `case when o.kind = 'innovative' then 'innovative' when sc.id is not null then 'competition' else 'call-off' end as kind`,
        ),
      );
  });
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** The agencies that have an accepted order, for the filter. */
export async function readOrderingAgencies(actor: Actor): Promise<{ code: string; name: LocalizedText }[]> {
  return inTenant(actor.tenant, (tx) =>
    tx('agencies as a')
      .whereExists(tx('delivery_orders as o').whereRaw('o.agency_id = a.id').where('o.status', 'accepted'))
      .orderBy('a.code')
      .select('a.code', 'a.name'),
  );
}
