/** What the plan pages show: rows with localized titles, labels and formatted amounts. */
import type { Request } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { formatMoney } from '../../i18n/format.js';
import { localizedInputs, textIn } from '../../i18n/localized-fields.js';
import type { AgencyExecution, PublishedPlan } from './read.js';
import { currentYear } from './read.js';
import { CATEGORIES, METHODS } from './schema.js';
import type { PlanEntry } from './service.js';

/** What the page models read from the request (any validated shape of it). */
export type ViewRequest = Pick<Request, 't' | 'lng' | 'actor'>;

function money(req: ViewRequest, v: number | string): string {
  const c = req.actor.tenant.config;
  return formatMoney(v, c.currency, req.lng, c.numberingSystem);
}

function titleOf(req: ViewRequest, title: Record<string, string>): string {
  return textIn(title, req.lng, req.actor.tenant.config.locales.default);
}

export function planListModel(req: ViewRequest, year: number, category: string | undefined, rows: PublishedPlan[]) {
  return {
    title: req.t('plans:title'),
    year,
    categories: CATEGORIES.map((c) => ({
      value: c,
      label: req.t(`suppliers:category_${c}`),
      selected: c === category,
    })),
    entries: rows.map((r) => ({
      ...r,
      titleText: titleOf(req, r.title as Record<string, string>),
      agency: titleOf(req, r.agency_name),
      budget: money(req, r.estimated_budget),
      categoryLabel: req.t(`suppliers:category_${r.category}`),
      methodLabel: req.t(`plans:method_${r.method}`),
    })),
  };
}

export function executionModel(req: ViewRequest, year: number, asOf: string, rows: AgencyExecution[]) {
  const percent = (part: string, whole: string) =>
    Number(whole) > 0 ? `${Math.round((Number(part) / Number(whole)) * 1000) / 10} %` : '–';
  return {
    title: req.t('plans:execution_title'),
    year,
    asOf,
    agencies: rows.map((r) => ({
      code: r.code,
      name: titleOf(req, r.name),
      planned: money(req, r.planned),
      tendered: money(req, r.tendered),
      awarded: money(req, r.awarded),
      rate: percent(r.awarded, r.planned),
      entries: r.entries,
    })),
  };
}

export function planFormModel(req: ViewRequest, refusal?: FormRefusal) {
  const config = req.actor.tenant.config;
  return {
    title: req.t('plans:new_title'),
    titleLanguages: localizedInputs('title', config.locales, (language) => req.t('plans:title_in', { language })),
    categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`) })),
    methods: METHODS.map((m) => ({ value: m, label: req.t(`plans:method_${m}`) })),
    currency: config.currency,
    values: { fiscalYear: currentYear(req.actor.tenant) },
    ...refusal,
  };
}

export function agencyPlansModel(req: ViewRequest, rows: PlanEntry[]) {
  return {
    title: req.t('plans:mine_title'),
    entries: rows.map((r) => ({
      ...r,
      titleText: titleOf(req, r.title as Record<string, string>),
      budget: money(req, r.estimated_budget),
      draft: r.status === 'draft',
      statusLabel: req.t(`plans:status_${r.status}`),
    })),
  };
}
