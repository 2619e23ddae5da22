/**
 * One contracting process (a notice and what followed) as an OCDS 1.1 release: parties with their
 * roles, buyer, planning, tender, bids (the official bids extension) once opened, awards,
 * contracts and their implementation. A pure function of the state read in process-read.ts, so
 * what is withheld is decided here, in one place: the estimated price a notice hides stays out
 * until the opening, and bids appear only from the published opening record.
 */
import {
  AWARD_CRITERIA,
  AWARD_CRITERIA_DETAILS,
  AWARD_STATUS,
  CATEGORY_SCHEME,
  codeOf,
  CONTRACT_STATUS,
  MAIN_CATEGORY,
  METHOD_DETAILS,
  MILESTONE_STATUS,
  PROCUREMENT_METHOD,
  TENDER_STATUS,
} from './codes.js';
import { frameworkAwards, frameworkTender } from './framework-release.js';
import { localizedFields, mainText, type Localized } from './localized.js';
import type { ContractFacts } from './contract-read.js';
import type { AgencyFacts, PlanFacts, ProcessState, SupplierFacts } from './process-read.js';

export interface Publisher {
  ocidPrefix: string;
  registryScheme: string;
  currency: string;
  /** Minor-unit digits of the currency: amounts are kept in minor units. */
  currencyDigits: number;
  /** The release's language (the tenant's default). */
  language: string;
  /** The tenant's public address, e.g. https://keps.example/t/kurdistan */
  baseUri: string;
}

export type Release = Record<string, unknown> & { ocid: string };

type Party = { id: string; name: string; roles: Set<string> } & Record<string, unknown>;

export function noticeOcid(publisher: Pick<Publisher, 'ocidPrefix'>, noticeId: string): string {
  return `${publisher.ocidPrefix}-${noticeId}`;
}

/** A plan entry is a planning process of its own: several notices may come from one entry. */
export function planOcid(publisher: Pick<Publisher, 'ocidPrefix'>, planId: string): string {
  return `${publisher.ocidPrefix}-plan-${planId}`;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
/** A calendar day as the start of that day in UTC (OCDS dates are date-times). */
const dayStart = (day: string) => `${day}T00:00:00Z`;

/** The parties of one release, each once, with every role it plays. */
export class Parties {
  private readonly byId = new Map<string, Party>();
  constructor(private readonly p: Publisher) {}

  agency(a: AgencyFacts, ...roles: string[]): { id: string; name: string } {
    const id = `agency-${a.code}`;
    return this.add(id, a.name, roles, { identifier: { id: a.code, legalName: mainText(a.name, this.p.language) } });
  }

  supplier(s: SupplierFacts, ...roles: string[]): { id: string; name: string } {
    const id = `${this.p.registryScheme}-${s.registrationNo}`;
    return this.add(id, s.name, roles, {
      identifier: { scheme: this.p.registryScheme, id: s.registrationNo, legalName: mainText(s.name, this.p.language) },
    });
  }

  private add(id: string, name: Localized, roles: string[], extra: Record<string, unknown>) {
    let party = this.byId.get(id);
    if (!party) {
      party = {
        id,
        ...localizedFields('name', name, this.p.language),
        name: mainText(name, this.p.language),
        ...extra,
        roles: new Set(),
      };
      this.byId.set(id, party);
    }
    for (const role of roles) party.roles.add(role);
    return { id, name: party.name };
  }

  list(): Record<string, unknown>[] {
    return [...this.byId.values()].map((party) => ({ ...party, roles: [...party.roles] }));
  }
}

export function money(p: Publisher, minorUnits: number) {
  return { amount: minorUnits / 10 ** p.currencyDigits, currency: p.currency };
}

function planning(p: Publisher, plan: PlanFacts) {
  return {
    rationale: `Procurement plan ${plan.fiscalYear}, quarter ${plan.quarter}`,
    budget: {
      id: plan.id,
      ...localizedFields('description', plan.title, p.language),
      amount: money(p, plan.estimatedBudget),
      project: mainText(plan.title, p.language),
      projectID: plan.id,
    },
  };
}

/** The planning release of a published plan entry. */
export function planRelease(p: Publisher, plan: PlanFacts): Release {
  const parties = new Parties(p);
  const buyer = parties.agency(plan.agency, 'buyer', 'procuringEntity');
  return {
    ocid: planOcid(p, plan.id),
    initiationType: 'tender',
    language: p.language,
    parties: parties.list(),
    buyer,
    planning: planning(p, plan),
    tender: {
      id: `plan-${plan.id}`,
      ...localizedFields('title', plan.title, p.language),
      status: plan.status === 'withdrawn' ? 'withdrawn' : 'planned',
      procuringEntity: buyer,
      value: money(p, plan.estimatedBudget),
      procurementMethod: PROCUREMENT_METHOD[plan.method as keyof typeof PROCUREMENT_METHOD],
      procurementMethodDetails: METHOD_DETAILS[plan.method as keyof typeof METHOD_DETAILS],
      mainProcurementCategory: MAIN_CATEGORY[plan.category as keyof typeof MAIN_CATEGORY],
    },
  };
}

function bidsSection(p: Publisher, state: ProcessState, parties: Parties) {
  const record = state.opening;
  if (!record) return undefined;
  const date = record.openedAt;
  const priceOf = (b: (typeof record.bids)[number]) => b.price ?? state.evaluatedPrices[b.receiptNo] ?? null;
  const priced = record.bids.flatMap((b) => {
    const price = priceOf(b);
    return b.valid && price !== null ? [price] : [];
  });
  const bidders = new Set(record.bids.map((b) => b.supplier.registrationNo));
  const statistics: Record<string, unknown>[] = [
    { id: 'bids', measure: 'bids', value: record.bids.length, date },
    { id: 'validBids', measure: 'validBids', value: record.validBids, date },
    { id: 'bidders', measure: 'bidders', value: bidders.size, date },
  ];
  if (priced.length > 0) {
    statistics.push(
      {
        id: 'lowestValidBidValue',
        measure: 'lowestValidBidValue',
        value: money(p, Math.min(...priced)).amount,
        currency: p.currency,
        date,
      },
      {
        id: 'highestValidBidValue',
        measure: 'highestValidBidValue',
        value: money(p, Math.max(...priced)).amount,
        currency: p.currency,
        date,
      },
    );
  }
  const details = record.bids.map((b) => {
    const tenderer = parties.supplier(
      { id: '', registrationNo: b.supplier.registrationNo, name: b.supplier.name },
      'tenderer',
    );
    return {
      id: b.receiptNo,
      date: b.submittedAt,
      status: b.valid ? 'valid' : 'disqualified',
      tenderers: [tenderer],
      // A two-envelope tender publishes its prices when the price envelopes are opened.
      ...(priceOf(b) === null ? {} : { value: money(p, priceOf(b)!) }),
    };
  });
  return { statistics, details };
}

function tender(p: Publisher, state: ProcessState, parties: Parties, procuringEntity: { id: string; name: string }) {
  const { notice, opening } = state;
  const showValue = !notice.estimatedPriceHidden || opening !== null;
  const lots = notice.lots.length > 0 ? notice.lots : [{ no: 1, title: notice.title }];
  const tenderers = opening
    ? [...new Map(opening.bids.map((b) => [b.supplier.registrationNo, b.supplier])).values()].map((s) =>
        parties.supplier({ id: '', registrationNo: s.registrationNo, name: s.name }, 'tenderer'),
      )
    : undefined;
  return {
    id: notice.noticeNo ?? notice.id,
    ...localizedFields('title', notice.title, p.language),
    status: codeOf(TENDER_STATUS, notice.status) ?? 'active',
    // Our finer status (published, opened, failed, awarded…): tender.statusDetails of OCDS 1.2.
    statusDetails: notice.statusDetails,
    procuringEntity,
    ...(showValue ? { value: money(p, notice.estimatedPrice) } : {}),
    procurementMethod: codeOf(PROCUREMENT_METHOD, notice.method),
    procurementMethodDetails: codeOf(METHOD_DETAILS, notice.method),
    mainProcurementCategory: codeOf(MAIN_CATEGORY, notice.category),
    awardCriteria: codeOf(AWARD_CRITERIA, notice.evaluationMethod),
    awardCriteriaDetails: codeOf(AWARD_CRITERIA_DETAILS, notice.evaluationMethod),
    submissionMethod: ['electronicSubmission'],
    submissionMethodDetails: 'Sealed electronic bids through the e-procurement system',
    tenderPeriod: { startDate: iso(notice.publishedAt), endDate: iso(notice.submissionDeadline) },
    awardPeriod: { startDate: iso(notice.openingAt) },
    hasEnquiries: notice.hasQuestions,
    eligibilityCriteria: notice.competition === 'international' ? 'International competition' : 'Domestic competition',
    items: lots.map((lot) => ({
      id: String(lot.no),
      ...localizedFields('description', lot.title, p.language),
      classification: { scheme: CATEGORY_SCHEME, id: notice.category, description: notice.category },
      quantity: 1,
    })),
    ...(tenderers ? { numberOfTenderers: tenderers.length, tenderers } : {}),
    documents: state.documents.map((d) => ({
      id: d.id,
      documentType: d.addendumId ? 'clarifications' : 'biddingDocuments',
      title: d.fileName,
      url: `${p.baseUri}/notices/${notice.id}/documents/${d.id}`,
      format: d.contentType,
      datePublished: iso(d.uploadedAt),
      // Not an OCDS 1.1 field: the file's SHA-256, as the notice page shows it, to check a download.
      sha256: d.sha256,
    })),
    amendments: [
      ...state.addenda.map((a) => ({
        id: `addendum-${a.number}`,
        date: iso(a.issuedAt),
        rationale: a.outage ? 'Deadline extended after a recorded system outage' : a.summary,
        description: a.summary,
      })),
      ...(notice.cancellationReason ? [{ id: 'cancellation', rationale: notice.cancellationReason }] : []),
    ],
  };
}

function awards(p: Publisher, state: ProcessState, parties: Parties) {
  return state.awards.map((a) => ({
    id: a.id,
    status: codeOf(AWARD_STATUS, a.status),
    date: iso(a.publishedAt),
    value: money(p, a.amount),
    suppliers: [parties.supplier(a.supplier, 'supplier')],
    relatedBid: a.receiptNo,
  }));
}

/** Contracts with their amendments, milestones and payments (a notice's, or an order's). */
export function contractsSection(
  p: Publisher,
  list: ContractFacts[],
  title: Localized,
  parties: Parties,
  buyer: { id: string; name: string },
) {
  return list.map((c) => {
    const payee = parties.supplier(c.supplier, 'payee');
    return {
      id: c.contractNo,
      awardID: c.awardId,
      ...localizedFields('title', title, p.language),
      status: codeOf(CONTRACT_STATUS, c.status),
      period: { startDate: dayStart(c.startsOn), endDate: dayStart(c.endsOn) },
      value: money(p, c.value),
      dateSigned: iso(c.signedAt),
      amendments: c.amendments.map((a) => ({
        id: `amendment-${a.number}`,
        date: iso(a.issuedAt),
        rationale: a.reason,
      })),
      milestones: c.deliverables.map((d) => ({
        id: d.id,
        title: d.title,
        type: 'delivery',
        dueDate: dayStart(d.dueOn),
        status: codeOf(MILESTONE_STATUS, d.status),
        ...(d.acceptedAt ? { dateMet: iso(d.acceptedAt) } : {}),
      })),
      implementation: {
        transactions: c.payments.map((t) => ({
          id: t.id,
          source: `${p.baseUri}/contracts/${c.id}`,
          date: dayStart(t.paidOn),
          value: money(p, t.amount),
          payer: buyer,
          payee,
        })),
      },
    };
  });
}

/** Leaves out what is undefined, so the JSON carries no empty keys. */
export function pruned<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The release of a notice's process as it stands (without id, date and tag: the publisher adds them). */
export function noticeRelease(p: Publisher, state: ProcessState): Release {
  const parties = new Parties(p);
  const buyer = parties.agency(state.notice.agency, 'buyer', 'procuringEntity', 'payer');
  const bids = bidsSection(p, state, parties);
  const fw = state.framework;
  const tools = {
    language: p.language,
    money: (v: number) => money(p, v),
    supplier: (s: SupplierFacts) => parties.supplier(s, 'supplier'),
  };
  const baseTender = tender(p, state, parties, buyer);
  const awarded = new Set(state.awards.map((a) => a.supplier.registrationNo));
  const release = {
    ocid: noticeOcid(p, state.notice.id),
    initiationType: 'tender',
    language: p.language,
    buyer,
    ...(state.plan ? { planning: planning(p, state.plan) } : {}),
    tender: fw ? { ...baseTender, ...frameworkTender(fw, tools, baseTender.procurementMethodDetails) } : baseTender,
    ...(bids ? { bids } : {}),
    awards: [...awards(p, state, parties), ...(fw ? frameworkAwards(fw, tools, awarded) : [])],
    contracts: contractsSection(p, state.contracts, state.notice.title, parties, buyer),
    ...(state.plan
      ? {
          relatedProcesses: [
            {
              id: 'planning',
              relationship: ['planning'],
              ...localizedFields('title', state.plan.title, p.language),
              scheme: 'ocid',
              identifier: planOcid(p, state.plan.id),
              uri: `${p.baseUri}/api/v1/ocds/records/${planOcid(p, state.plan.id)}`,
            },
          ],
        }
      : {}),
  };
  return pruned({ ...release, parties: parties.list() });
}
