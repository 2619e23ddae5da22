/**
 * What the portal tells about one agency (what it bought, from whom, by which method) and one
 * supplier (what it won, from which agencies): totals over live awards (in standstill or final)
 * and the first page of its awards and contracts, read with the lists' own queries. A supplier is
 * shown only once it has won something: a company that merely registered or bid is not public.
 * Never a supplier's e-mail, telephone, address, device or network address.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { AgencyNotFoundError, SupplierNotFoundError } from './errors.js';
import { readList, type ListPage, type LocalizedText } from './lists-read.js';

export interface Total {
  key: string;
  name?: LocalizedText;
  awards: number;
  amount: string;
}

export interface AgencyProfile {
  code: string;
  name: LocalizedText;
  byMethod: Total[];
  bySupplier: Total[];
  awards: ListPage<'awards'>;
  contracts: ListPage<'contracts'>;
}

export interface SupplierProfile {
  id: string;
  name: LocalizedText;
  registrationNo: string;
  byAgency: Total[];
  byMethod: Total[];
  awards: ListPage<'awards'>;
  contracts: ListPage<'contracts'>;
}

function liveAwards(tx: Knex.Transaction) {
  return tx('awards as w')
    .join('notices as n', 'n.id', 'w.notice_id')
    .whereIn('w.status', ['standstill', 'final'])
    .whereNot('n.status', 'planning');
}

const totals = (tx: Knex.Transaction) => [
  tx.raw('count(*)::int as awards'),
  tx.raw('coalesce(sum(w.amount), 0)::text as amount'),
];

/** An agency by its code, with its awards' totals; an unknown code is a 404. */
export async function readAgencyProfile(actor: Actor, code: string, lng: string): Promise<AgencyProfile> {
  const agency = await inTenant(actor.tenant, async (tx) => {
    const found = await tx('agencies').where({ code }).first<{ id: string; code: string; name: LocalizedText }>();
    if (!found) return undefined;
    return {
      ...found,
      byMethod: await liveAwards(tx)
        .where('n.agency_id', found.id)
        .groupBy('n.method')
        .orderByRaw('sum(w.amount) desc')
        .select<Total[]>('n.method as key', ...totals(tx)),
      bySupplier: await liveAwards(tx)
        .join('suppliers as s', 's.id', 'w.supplier_id')
        .where('n.agency_id', found.id)
        .groupBy('s.id', 's.legal_name')
        .orderByRaw('sum(w.amount) desc')
        .limit(100)
        .select<Total[]>('s.id as key', 's.legal_name as name', ...totals(tx)),
    };
  });
  if (!agency) throw new AgencyNotFoundError();
  const filter = { agency: code, page: 1 };
  return {
    code: agency.code,
    name: agency.name,
    byMethod: agency.byMethod,
    bySupplier: agency.bySupplier,
    awards: await readList(actor, 'awards', filter, { lng, download: false }),
    contracts: await readList(actor, 'contracts', filter, { lng, download: false }),
  };
}

/** A supplier that has won at least one live award, with its totals; any other is a 404. */
export async function readSupplierProfile(actor: Actor, id: string, lng: string): Promise<SupplierProfile> {
  const supplier = await inTenant(actor.tenant, async (tx) => {
    const found = await tx('suppliers')
      .where({ id })
      .whereExists(liveAwards(tx).whereRaw('w.supplier_id = suppliers.id').select(tx.raw('1')))
      .first<{ id: string; legal_name: LocalizedText; registration_no: string } | undefined>(
        'id',
        'legal_name',
        'registration_no',
      );
    if (!found) return undefined;
    return {
      ...found,
      byAgency: await liveAwards(tx)
        .join('agencies as a', 'a.id', 'n.agency_id')
        .where('w.supplier_id', id)
        .groupBy('a.code', 'a.name')
        .orderByRaw('sum(w.amount) desc')
        .select<Total[]>('a.code as key', 'a.name as name', ...totals(tx)),
      byMethod: await liveAwards(tx)
        .where('w.supplier_id', id)
        .groupBy('n.method')
        .orderByRaw('sum(w.amount) desc')
        .select<Total[]>('n.method as key', ...totals(tx)),
    };
  });
  if (!supplier) throw new SupplierNotFoundError();
  const filter = { supplier: id, page: 1 };
  return {
    id: supplier.id,
    name: supplier.legal_name,
    registrationNo: supplier.registration_no,
    byAgency: supplier.byAgency,
    byMethod: supplier.byMethod,
    awards: await readList(actor, 'awards', filter, { lng, download: false }),
    contracts: await readList(actor, 'contracts', filter, { lng, download: false }),
  };
}
