/**
 * The framework agreement in its tender's release, within OCDS 1.1.5 core (no techniques
 * extension): the tender's items carry the unit and its ceiling price (`unit.value`), the
 * agreement's period is the tender's contractPeriod, and once concluded each party is an award of
 * its own (its supplier, the agreement's period, its price list as the award's items). Call-offs
 * point back here with a `framework` related process (order-release.ts).
 */
import { PRODUCT_SCHEME } from './codes.js';
import type { FrameworkFacts } from './framework-read.js';
import { localizedFields } from './localized.js';
import type { SupplierFacts } from './parties-read.js';

type Money = { amount: number; currency: string };

export interface FrameworkTools {
  language: string;
  money(minorUnits: number): Money;
  supplier(s: SupplierFacts): { id: string; name: string };
}

/** OCDS dates are date-times: a calendar day as the start of that day in UTC. */
const dayStart = (day: string) => `${day}T00:00:00Z`;

/** A party's award: an active party is an active award; a withdrawn one's award is cancelled. */
const PARTY_AWARD_STATUS: Record<string, string> = { active: 'active', suspended: 'active', withdrawn: 'cancelled' };

export function frameworkTender(fw: FrameworkFacts, tools: FrameworkTools, methodDetails: string | undefined) {
  return {
    procurementMethodDetails: [
      methodDetails,
      `Framework agreement ${fw.agreementNo} with up to ${fw.maxParties} parties; orders are called off at the parties' agreed prices`,
    ]
      .filter(Boolean)
      .join('. '),
    contractPeriod: { startDate: dayStart(fw.startsOn), endDate: dayStart(fw.endsOn) },
    items: fw.items.map((i) => ({
      id: String(i.number),
      ...localizedFields('description', i.description, tools.language),
      classification: { scheme: PRODUCT_SCHEME, id: i.classification },
      quantity: i.estimatedQuantity,
      unit: { name: i.unit, value: tools.money(i.ceilingUnitPrice) },
    })),
  };
}

/**
 * One award per party once the agreement is concluded, skipping a supplier that already has an
 * award of the notice (a framework awarded through the ordinary award keeps that one).
 */
export function frameworkAwards(fw: FrameworkFacts, tools: FrameworkTools, awarded: Set<string>) {
  if (!fw.concludedAt) return [];
  const numberOf = new Map(fw.items.map((i) => [i.id, i]));
  return fw.parties
    .filter((party) => !awarded.has(party.supplier.registrationNo))
    .map((party) => ({
      id: `${fw.agreementNo}-party-${party.rank}`,
      title: `Framework agreement ${fw.agreementNo}: party ${party.rank}`,
      status: PARTY_AWARD_STATUS[party.status] ?? 'active',
      date: fw.concludedAt!.toISOString(),
      suppliers: [tools.supplier(party.supplier)],
      contractPeriod: { startDate: dayStart(fw.startsOn), endDate: dayStart(fw.endsOn) },
      items: party.prices.flatMap((price) => {
        const item = numberOf.get(price.itemId);
        if (!item) return [];
        return [
          {
            id: String(item.number),
            ...localizedFields('description', item.description, tools.language),
            classification: { scheme: PRODUCT_SCHEME, id: item.classification },
            unit: { name: item.unit, value: tools.money(price.unitPrice) },
          },
        ];
      }),
    }));
}
