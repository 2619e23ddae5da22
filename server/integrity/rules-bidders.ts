/**
 * The red flags of bidders acting together on one tender: bids from one device, address or
 * authenticator (as the opening found them), shared contact details, a shared owner or director.
 */
import { sharedPeople } from '../conflicts/matching.js';
import type { ComputedFlag, Party } from './flags.js';
import { party, suppliersOf, type Applied, type TenderFacts } from './tender-facts.js';

export function sameSource(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const opening = facts.opening;
  if (!opening || opening.sameSource.length === 0) return null;
  const groups = opening.sameSource.map((f) => ({
    // A shared passkey authenticator is a shared device.
    kind: f.kind === 'same-address' ? ('address' as const) : ('device' as const),
    bids: opening.bids.filter((b) => f.receipts.includes(b.receiptNo)).map((b) => party(b)),
  }));
  return {
    flagId: 'same-source',
    evidence: { flag: 'same-source', groups },
    sources: ['opening-flags'],
    supplierIds: suppliersOf(groups.flatMap((g) => g.bids)),
    rules: [applied.rule],
  };
}

export function sharedContact(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const opening = facts.opening;
  if (!opening) return null;
  const names = new Map(opening.bids.map((b) => [b.supplierId, b.name]));
  const groups: { kind: 'email' | 'phone' | 'address'; suppliers: Party[] }[] = [];
  for (const kind of ['email', 'phone', 'address'] as const) {
    const byValue = new Map<string, string[]>();
    for (const c of facts.contacts) {
      const value = c[kind];
      if (value && names.has(c.supplierId)) byValue.set(value, [...(byValue.get(value) ?? []), c.supplierId]);
    }
    for (const ids of byValue.values()) {
      const distinct = [...new Set(ids)];
      if (distinct.length > 1)
        groups.push({ kind, suppliers: distinct.map((id) => ({ supplierId: id, name: names.get(id)! })) });
    }
  }
  if (groups.length === 0) return null;
  return {
    flagId: 'shared-contact',
    evidence: { flag: 'shared-contact', groups },
    sources: ['opening-record', 'supplier-contacts'],
    supplierIds: suppliersOf(groups.flatMap((g) => g.suppliers)),
    rules: [applied.rule],
  };
}

/** Bidders sharing an owner or director (the same id number, or the same name where one lacks an id number). */
export function sharedOwner(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const opening = facts.opening;
  if (!opening) return null;
  const names = new Map(opening.bids.map((b) => [b.supplierId, b.name]));
  const companies = (facts.owners ?? [])
    .filter((o) => names.has(o.supplierId))
    .map((o) => ({ ...o, registrationNo: '', name: names.get(o.supplierId)! }));
  const groups = sharedPeople(companies).map((shared) => ({
    person: shared.fullName,
    roles: shared.roles,
    byIdNumber: shared.byIdNumber,
    suppliers: shared.companies.map((c) => ({ supplierId: c.supplierId, name: c.name })),
  }));
  if (groups.length === 0) return null;
  return {
    flagId: 'shared-owner',
    evidence: { flag: 'shared-owner', groups },
    sources: ['opening-record', 'supplier-owners'],
    supplierIds: suppliersOf(groups.flatMap((g) => g.suppliers)),
    rules: [applied.rule],
  };
}
