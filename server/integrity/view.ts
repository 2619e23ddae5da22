/**
 * The integrity pages' models: the ranking (tenders and suppliers by the weight of their flags),
 * a tender's and a supplier's flags, and the public list. Every flag is sentences (sentences.ts);
 * each subject links to its page, and each tender to its notice page.
 */
import type { Request } from 'express';
import { formatNumber } from '../i18n/format.js';
import { textIn } from '../i18n/localized-fields.js';
import { isolate } from '../work/formats.js';
import { FLAG_IDS, type FlagId } from './flags.js';
import type { readDashboard, readSupplierFlags, SupplierSubject, TenderSubject } from './read.js';
import { flagSentences, type Reader } from './sentences.js';

const readerOf = (req: Request): Reader => ({ t: req.t, lng: req.lng, config: req.actor.tenant.config });

function tenderModel(req: Request, s: TenderSubject, options: { forPublic?: boolean } = {}) {
  const r = readerOf(req);
  const title = textIn(s.title, req.lng, req.actor.tenant.config.locales.default);
  return {
    // The notice number runs left to right inside a right-to-left heading.
    heading: s.noticeNo
      ? req.t('integrity:tender_label', { notice: isolate(s.noticeNo), title: isolate(title) })
      : title,
    weight: req.t('integrity:weight', {
      weight: formatNumber(s.weight, req.lng, r.config.numberingSystem),
      flags: formatNumber(s.flags.length, req.lng, r.config.numberingSystem),
    }),
    noticeHref: `${req.baseUrl}/notices/${s.id}`,
    detailHref: `${req.baseUrl}/integrity/tenders/${s.id}`,
    flags: s.flags.map((f) => flagSentences(r, f, options)),
  };
}

function supplierModel(req: Request, s: SupplierSubject) {
  const r = readerOf(req);
  return {
    heading: textIn(s.name, req.lng, req.actor.tenant.config.locales.default),
    weight: req.t('integrity:weight', {
      weight: formatNumber(s.weight, req.lng, r.config.numberingSystem),
      flags: formatNumber(s.flags.length, req.lng, r.config.numberingSystem),
    }),
    detailHref: `${req.baseUrl}/integrity/suppliers/${s.id}`,
    flags: s.flags.map((f) => flagSentences(r, f)),
  };
}

export function dashboardPage(req: Request, data: Awaited<ReturnType<typeof readDashboard>>, flag?: FlagId) {
  const num = (n: number) => formatNumber(n, req.lng, req.actor.tenant.config.numberingSystem);
  return {
    title: req.t('integrity:title'),
    action: `${req.baseUrl}/integrity`,
    options: FLAG_IDS.map((id) => ({
      value: id,
      label: req.t('integrity:filter_option', {
        name: req.t(`integrity:flag_${id}`),
        number: num(data.counts[id] ?? 0),
      }),
      selected: id === flag,
    })),
    filtered: flag !== undefined,
    tenders: data.tenders.map((s) => tenderModel(req, s)),
    suppliers: data.suppliers.map((s) => supplierModel(req, s)),
  };
}

export function tenderPage(req: Request, subject: TenderSubject) {
  const model = tenderModel(req, subject);
  return { title: model.heading, back: `${req.baseUrl}/integrity`, subject: model };
}

export function supplierPage(req: Request, data: Awaited<ReturnType<typeof readSupplierFlags>>) {
  const model = supplierModel(req, data.supplier);
  return {
    title: model.heading,
    back: `${req.baseUrl}/integrity`,
    // Who a shared-owner flag is about: the supplier's registered owners and directors.
    peopleHref: `${req.baseUrl}/conflicts/suppliers/${data.supplier.id}/people`,
    subject: model,
    tenders: data.tenders.map((s) => tenderModel(req, s)),
  };
}

export function publicPage(req: Request, tenders: TenderSubject[]) {
  return {
    title: req.t('integrity:public_title'),
    tenders: tenders.map((s) => tenderModel(req, s, { forPublic: true })),
  };
}
