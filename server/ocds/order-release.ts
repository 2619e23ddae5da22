/**
 * A delivery order as a contracting process of its own (ocid from its order number): the buyer,
 * a tender of the order's lines, the award to the supplier once known, the contract once the
 * supplier accepted (with its deliveries and payments, as any contract's), and for a call-off the
 * `framework` related process pointing at the framework notice's ocid.
 *
 * The method, from OCDS's closed method codelist:
 * - a call-off with a second competition is `selective`: only the framework's parties, qualified
 *   in the first stage, are invited to quote;
 * - a call-off straight from one party at its agreed price is `limited`: the buyer contacts a
 *   supplier of its choice among the parties, without a new competition;
 * - a direct purchase of a designated innovative product is `direct`, and follows no framework.
 */
import { AWARD_STATUS_OF_ORDER, PRODUCT_SCHEME, TENDER_STATUS_OF_ORDER } from './codes.js';
import { localizedFields, type Localized } from './localized.js';
import type { OrderFacts } from './order-read.js';
import { contractsSection, money, noticeOcid, Parties, pruned, type Publisher, type Release } from './release-build.js';

export function orderOcid(publisher: Pick<Publisher, 'ocidPrefix'>, orderNo: string): string {
  return `${publisher.ocidPrefix}-${orderNo}`;
}

function methodOf(order: OrderFacts): { method: string; details: string } {
  if (order.kind === 'innovative')
    return { method: 'direct', details: 'Direct purchase of a designated innovative product' };
  if (order.competition)
    return { method: 'selective', details: "Call-off with a second competition among the framework's parties" };
  return { method: 'limited', details: 'Call-off from one framework party at its agreed prices' };
}

/** The order's title: the agreement's or the product's name, with the order number. */
function titleOf(order: OrderFacts): Localized {
  const base = order.framework?.title ?? order.product?.name ?? {};
  return Object.fromEntries(Object.entries(base).map(([lng, text]) => [lng, `${order.orderNo}: ${text}`]));
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** The release of an order's process as it stands (the publisher adds id, date and tag). */
export function orderRelease(p: Publisher, order: OrderFacts): Release {
  const parties = new Parties(p);
  const buyer = parties.agency(order.agency, 'buyer', 'procuringEntity', 'payer');
  const { method, details } = methodOf(order);
  const title = titleOf(order);
  const items = order.lines.map((l) => ({
    id: String(l.number),
    description: l.description,
    classification: { scheme: PRODUCT_SCHEME, id: l.classification },
    quantity: l.quantity,
    unit: { name: l.unit, value: money(p, l.unitPrice) },
  }));
  const awardId = `${order.orderNo}-award`;
  const awardStatus = AWARD_STATUS_OF_ORDER[order.status as keyof typeof AWARD_STATUS_OF_ORDER];
  const supplier = order.supplier && awardStatus ? parties.supplier(order.supplier, 'supplier') : undefined;
  const competition = order.competition;
  const tenderers =
    competition?.status === 'opened' && competition.quotes !== null ? { numberOfTenderers: competition.quotes } : {};
  const framework = order.framework;
  const release = {
    ocid: orderOcid(p, order.orderNo),
    initiationType: 'tender',
    language: p.language,
    buyer,
    tender: {
      id: order.orderNo,
      ...localizedFields('title', title, p.language),
      status: TENDER_STATUS_OF_ORDER[order.status as keyof typeof TENDER_STATUS_OF_ORDER] ?? 'active',
      procuringEntity: buyer,
      value: money(p, order.total),
      procurementMethod: method,
      procurementMethodDetails: details,
      ...(competition ? { tenderPeriod: { startDate: iso(order.placedAt), endDate: iso(competition.closesAt) } } : {}),
      ...tenderers,
      items,
    },
    awards: supplier
      ? [
          {
            id: awardId,
            status: awardStatus,
            date: iso(order.decidedAt ?? competition?.openedAt ?? order.placedAt),
            value: money(p, order.total),
            suppliers: [supplier],
            items,
          },
        ]
      : [],
    contracts: contractsSection(p, order.contracts, title, parties, buyer).map((c) => ({ ...c, awardID: awardId })),
    ...(framework
      ? {
          relatedProcesses: [
            {
              id: '1',
              relationship: ['framework'],
              ...localizedFields('title', framework.title, p.language),
              scheme: 'ocid',
              identifier: noticeOcid(p, framework.noticeId),
              uri: `${p.baseUri}/api/v1/ocds/records/${noticeOcid(p, framework.noticeId)}`,
            },
          ],
        }
      : {}),
  };
  return pruned({ ...release, parties: parties.list() });
}
