/**
 * A red flag in words, in the reader's language: its name and definition, each item of evidence
 * as a sentence (amounts in the tenant's currency, times in its zone, suppliers by name, receipts
 * by number), the threshold it applied and what it read. The public form says how many bidders
 * shared a device, an address, a contact or an owner or director, never which or what (or who).
 */
import type { TFunction } from 'i18next';
import { formatDateTime, formatList, formatMoney, formatNumber } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { Evidence, Party } from './flags.js';
import type { FlagRow } from './read.js';

export interface Reader {
  t: TFunction;
  lng: Language;
  config: Pick<TenantConfig, 'currency' | 'timeZone' | 'numberingSystem' | 'locales'>;
}

/** How one reader writes amounts, numbers, times, suppliers and lists. */
function writer(r: Reader) {
  const { currency, timeZone, numberingSystem, locales } = r.config;
  const name = (p: Party) => textIn(p.name, r.lng, locales.default);
  return {
    money: (n: number) => formatMoney(n, currency, r.lng, numberingSystem),
    num: (n: number) => formatNumber(n, r.lng, numberingSystem),
    time: (iso: string) => formatDateTime(new Date(iso), r.lng, timeZone, numberingSystem),
    name,
    bidder: (p: Party) =>
      p.receiptNo ? r.t('integrity:bidder_receipt', { supplier: name(p), receipt: p.receiptNo }) : name(p),
    list: (items: string[]) => formatList(items, r.lng),
    days: (n: number) => r.t('addenda:calendar_days', { count: n }),
  };
}

function auditorEvidence(r: Reader, e: Evidence): string[] {
  const { t } = r;
  const w = writer(r);
  switch (e.flag) {
    case 'single-bidder':
      return [
        t('integrity:ev_single_bidder', { bidder: w.bidder(e.bidder) }),
        ...(e.outcome === 'failed' ? [t('integrity:ev_single_bidder_failed')] : []),
      ];
    case 'short-submission-period':
      return [
        t('integrity:ev_short_period', {
          published: w.time(e.publishedAt),
          deadline: w.time(e.deadline),
          days: w.num(e.days),
          norm: w.days(e.normDays),
          category: t(`suppliers:category_${e.category}`),
        }),
      ];
    case 'identical-prices':
      return e.groups.map((g) =>
        t('integrity:ev_identical', { bidders: w.list(g.bids.map(w.bidder)), price: w.money(g.price) }),
      );
    case 'near-estimate':
      return [
        t('integrity:ev_near_estimate', {
          supplier: w.name(e.winner),
          amount: w.money(e.amount),
          percent: w.num(e.percent),
          estimate: w.money(e.estimate),
        }),
      ];
    case 'runner-up-spread':
      return [
        t(e.direction === 'small' ? 'integrity:ev_spread_small' : 'integrity:ev_spread_large', {
          winner: w.bidder(e.winner),
          winnerPrice: w.money(e.winner.price ?? 0),
          runnerUp: w.bidder(e.runnerUp),
          runnerUpPrice: w.money(e.runnerUp.price ?? 0),
          percent: w.num(e.percent),
        }),
      ];
    case 'others-disqualified':
      return [
        t('integrity:ev_others_disqualified', { winner: w.bidder(e.winner) }),
        ...e.others.map((o) => t(`integrity:why_${o.reason}`, { bidder: w.bidder(o) })),
      ];
    case 'lowest-disqualified':
      return [
        t(`integrity:why_${e.lowest.reason}`, { bidder: w.bidder(e.lowest) }),
        t('integrity:ev_lowest_price', { price: w.money(e.lowest.price ?? 0) }),
        ...(e.winner
          ? [t('integrity:ev_lowest_winner', { winner: w.bidder(e.winner), price: w.money(e.winner.price ?? 0) })]
          : []),
      ];
    case 'habitual-loser':
      return [
        t('integrity:ev_habitual_loser', {
          window: w.days(e.windowDays),
          bids: w.num(e.bids),
          wins: w.num(e.wins),
          percent: w.num(e.percent),
        }),
        t('integrity:ev_tenders', { notices: w.list(e.notices) }),
      ];
    case 'captive-supplier':
      return [
        t('integrity:ev_captive', {
          window: w.days(e.windowDays),
          wins: w.num(e.wins),
          agency: textIn(e.agency, r.lng, r.config.locales.default),
        }),
        t('integrity:ev_tenders', { notices: w.list(e.notices) }),
      ];
    case 'same-source':
      return e.groups.map((g) => t(`integrity:ev_same_${g.kind}`, { bidders: w.list(g.bids.map(w.bidder)) }));
    case 'shared-contact':
      return e.groups.map((g) => t(`integrity:ev_shared_${g.kind}`, { suppliers: w.list(g.suppliers.map(w.name)) }));
    case 'shared-owner':
      return e.groups.map((g) =>
        t(g.byIdNumber ? 'integrity:owners_ev_shared_id' : 'integrity:owners_ev_shared_name', {
          suppliers: w.list(g.suppliers.map(w.name)),
          person: g.person,
          roles: w.list(g.roles.map((role) => t(`conflicts:role_${role}`))),
        }),
      );
    case 'amendment-increase':
      return e.contracts.map((c) =>
        t('integrity:ev_amendment', {
          contract: c.contractNo,
          original: w.money(c.original),
          current: w.money(c.current),
          amendments: w.list(c.amendments.map(w.num)),
          percent: w.num(c.percent),
        }),
      );
  }
}

/** The public's sentences: no device, address or contact, not even whose. */
function publicEvidence(r: Reader, e: Evidence): string[] {
  const w = writer(r);
  if (e.flag === 'same-source')
    return e.groups.map((g) => r.t(`integrity:public_same_${g.kind}`, { number: w.num(g.bids.length) }));
  if (e.flag === 'shared-owner')
    return e.groups.map((g) => r.t('integrity:owners_public_shared', { number: w.num(g.suppliers.length) }));
  if (e.flag === 'shared-contact')
    return e.groups.map((g) => r.t(`integrity:public_shared_${g.kind}`, { number: w.num(g.suppliers.length) }));
  return auditorEvidence(r, e);
}

function thresholdText(r: Reader, e: Evidence): string {
  const w = writer(r);
  switch (e.flag) {
    case 'short-submission-period':
      return r.t('integrity:threshold_period', {
        days: w.days(e.normDays),
        category: r.t(`suppliers:category_${e.category}`),
      });
    case 'near-estimate':
      return r.t('integrity:threshold_near_estimate', { percent: w.num(e.threshold) });
    case 'runner-up-spread':
      return r.t('integrity:threshold_spread', { below: w.num(e.below), above: w.num(e.above) });
    case 'habitual-loser':
      return r.t('integrity:threshold_habitual_loser', {
        bids: w.num(e.minBids),
        share: w.num(e.maxWinPercent),
        window: w.days(e.windowDays),
      });
    case 'captive-supplier':
      return r.t('integrity:threshold_captive', { wins: w.num(e.minWins), window: w.days(e.windowDays) });
    case 'amendment-increase':
      return r.t('integrity:threshold_amendment', { percent: w.num(e.threshold) });
    default:
      return r.t('integrity:threshold_any');
  }
}

/** A flag as the dashboard (or, `forPublic`, the public page) shows it. */
export function flagSentences(r: Reader, flag: FlagRow, options: { forPublic?: boolean } = {}) {
  const e = flag.evidence;
  return {
    flagId: flag.flagId,
    name: r.t(`integrity:flag_${flag.flagId}`),
    definition: r.t(`integrity:def_${flag.flagId}`),
    evidence: options.forPublic ? publicEvidence(r, e) : auditorEvidence(r, e),
    threshold: thresholdText(r, e),
    rules: flag.appliedRules,
    sources: r.t('integrity:read_from', {
      sources: formatList(
        e.sources.map((s) => r.t(`integrity:source_${s}`)),
        r.lng,
      ),
    }),
    computedAt: r.t('integrity:computed_at', {
      at: formatDateTime(flag.computedAt, r.lng, r.config.timeZone, r.config.numberingSystem),
    }),
  };
}
