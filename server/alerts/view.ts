/**
 * The alerts page: the supplier's saved searches, each with its criteria as a sentence and how
 * often it writes, and the form to save a new one or change one (refused: shown again with what
 * was typed and a message per field).
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { formatList, formatMoney, typedAmount } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import { CATEGORIES } from '../procurement/plans/schema.js';
import { agencyChoices, type AgencyChoice } from './read.js';
import { FREQUENCIES } from './schema.js';
import { listSavedSearches, readSavedSearch, type SavedSearchRow } from './service.js';

/** Outcomes announced after a redirect (`?done=…`); anything else is ignored. */
const DONE = new Set(['saved', 'changed', 'deleted']);

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');

const nameIn = (req: Request, name: Partial<Record<Language, string>>) =>
  textIn(name, req.lng, req.actor.tenant.config.locales.default);

/** "Goods or works; from the Ministry of Health; estimated price 10,000 – 50,000 IQD; words “medical”". */
function criteria(req: Request, s: SavedSearchRow, agencies: AgencyChoice[]): string {
  const { currency, numberingSystem } = req.actor.tenant.config;
  const money = (v: string) => formatMoney(v, currency, req.lng, numberingSystem);
  const parts: string[] = [];
  if (s.categories.length > 0)
    parts.push(
      formatList(
        s.categories.map((c) => req.t(`suppliers:category_${c}`)),
        req.lng,
      ),
    );
  const named = agencies.filter((a) => s.agency_ids.includes(a.id)).map((a) => nameIn(req, a.name));
  if (named.length > 0) parts.push(req.t('alerts:criteria_agencies', { list: formatList(named, req.lng) }));
  if (s.min_value && s.max_value)
    parts.push(req.t('alerts:criteria_range', { min: money(s.min_value), max: money(s.max_value) }));
  else if (s.min_value) parts.push(req.t('alerts:criteria_min', { min: money(s.min_value) }));
  else if (s.max_value) parts.push(req.t('alerts:criteria_max', { max: money(s.max_value) }));
  if (s.keywords) parts.push(req.t('alerts:criteria_keywords', { keywords: s.keywords }));
  return parts.length > 0 ? parts.join(req.t('alerts:criteria_separator')) : req.t('alerts:criteria_all');
}

/** The form's values: as posted after a refusal, as stored when changing, else the query (from the notice list). */
function formValues(req: Request, refusal: FormRefusal | undefined, editing: SavedSearchRow | undefined) {
  const { currency } = req.actor.tenant.config;
  if (refusal) {
    const v = refusal.values;
    return {
      name: text(v.name),
      keywords: text(v.keywords),
      categories: list(v.categories),
      agencies: list(v.agencies),
      minValue: text(v.minValue),
      maxValue: text(v.maxValue),
      frequency: text(v.frequency) || 'immediate',
    };
  }
  if (editing)
    return {
      name: editing.name,
      keywords: editing.keywords,
      categories: editing.categories,
      agencies: editing.agency_ids,
      minValue: editing.min_value ? typedAmount(editing.min_value, currency) : '',
      maxValue: editing.max_value ? typedAmount(editing.max_value, currency) : '',
      frequency: editing.frequency === 'off' ? 'immediate' : editing.frequency,
    };
  const q = text(req.query.q).slice(0, 200);
  return { name: q, keywords: q, categories: [], agencies: [], minValue: '', maxValue: '', frequency: 'immediate' };
}

function formModel(
  req: Request,
  agencies: AgencyChoice[],
  values: ReturnType<typeof formValues>,
  refusal: FormRefusal | undefined,
) {
  const errors = refusal?.errors ?? {};
  return {
    ...values,
    errors,
    categoryOptions: CATEGORIES.map((value) => ({
      value,
      label: req.t(`suppliers:category_${value}`),
      checked: values.categories.includes(value),
    })),
    agencyOptions: agencies.map((a) => ({
      value: a.id,
      label: nameIn(req, a.name),
      checked: values.agencies.includes(a.id),
    })),
    frequencyOptions: FREQUENCIES.map((value) => ({
      value,
      label: req.t(`alerts:frequency_${value}`),
      checked: values.frequency === value,
    })),
    currency: req.actor.tenant.config.currency,
  };
}

function searchRow(req: Request, s: SavedSearchRow, agencies: AgencyChoice[]) {
  return {
    id: s.id,
    name: s.name,
    criteria: criteria(req, s, agencies),
    frequencyLabel: req.t(`alerts:frequency_${s.frequency}`),
    paused: s.frequency === 'off',
  };
}

/** The list and a new search's form (GET /alerts, and a refused POST /alerts). */
export async function alertsPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const [searches, agencies] = await Promise.all([listSavedSearches(req.actor), agencyChoices(req.actor)]);
  const done = text(req.query.done);
  res.set('Cache-Control', 'no-store');
  res.render('alerts/page', {
    title: req.t('alerts:title'),
    notice: DONE.has(done) ? req.t(`alerts:done_${done}`) : undefined,
    searches: searches.map((s) => searchRow(req, s, agencies)),
    action: `${req.baseUrl}/alerts`,
    formTitle: req.t('alerts:new_title'),
    submitLabel: req.t('alerts:save'),
    form: formModel(req, agencies, formValues(req, refusal, undefined), refusal),
    error: refusal?.error,
  });
}

/** One search's form to change it (GET /alerts/:id/edit, and a refused POST /alerts/:id). */
export async function editPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const id = String(req.params.id);
  const [editing, agencies] = await Promise.all([readSavedSearch(req.actor, id), agencyChoices(req.actor)]);
  res.set('Cache-Control', 'no-store');
  res.render('alerts/edit', {
    title: req.t('alerts:edit_title', { name: editing.name }),
    paused: editing.frequency === 'off',
    action: `${req.baseUrl}/alerts/${id}`,
    formTitle: req.t('alerts:edit_title', { name: editing.name }),
    submitLabel: req.t('alerts:save_changes'),
    form: formModel(req, agencies, formValues(req, refusal, editing), refusal),
    error: refusal?.error,
  });
}
