/**
 * The officer's desk pages: the form to draft a notice from a published plan entry, and the
 * agency's notices, where a refused publication comes back field by field, naming the rule.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError } from '../../http/errors.js';
import type { FormPage, FormRefusal } from '../../http/forms.js';
import { localizedInputs } from '../../i18n/localized-fields.js';
import { CATEGORIES, METHODS } from '../plans/schema.js';
import { readDeskNotices, readDeskPlans } from './desk-read.js';

const titleOf = (req: Request, title: Record<string, string>) => title[req.lng] ?? Object.values(title)[0] ?? '';

/** The choices of the draft form, in the reader's language. */
function draftChoices(req: Request) {
  return {
    categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`) })),
    methods: METHODS.map((m) => ({ value: m, label: req.t(`plans:method_${m}`) })),
    competitions: [
      { value: 'domestic', label: req.t('notices:domestic') },
      { value: 'international', label: req.t('notices:international') },
    ],
    evaluations: [
      { value: 'lowest-price', label: req.t('notices:lowest_price') },
      { value: 'negotiated', label: req.t('plans:method_negotiated') },
    ],
  };
}

/** The form to draft a notice. */
export const draftFormPage: FormPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
  const c = req.actor.tenant.config;
  const plans = await readDeskPlans(req.actor);
  res.render('notices/new', {
    title: req.t('notices:new_title'),
    titleLanguages: localizedInputs('title', c.locales, (language) => req.t('plans:title_in', { language })),
    plans: plans.map((p) => ({ id: p.id, label: titleOf(req, p.title) })),
    ...draftChoices(req),
    currency: c.currency,
    timeZone: c.timeZone,
    values: {},
    errors: {},
    ...(refusal ? { values: refusal.values, errors: refusal.errors, error: req.t('validation:failed') } : {}),
  });
};

/** The agency's notices; `extra` carries a refused publication. */
export async function deskPage(req: Request, res: Response, extra: Record<string, unknown> = {}): Promise<void> {
  const rows = await readDeskNotices(req.actor);
  res.render('notices/mine', {
    title: req.t('notices:mine_title'),
    notices: rows.map((n) => ({
      ...n,
      titleText: titleOf(req, n.title),
      statusLabel: req.t(`notices:status_${n.status}`),
      draft: n.status_details === 'draft',
      active: n.status === 'active',
    })),
    ...extra,
  });
}

/**
 * The last step of the publish form: a refusal (any but a missing notice) shows the agency's
 * notices again with every reason, one per detail, next to the refused notice.
 */
export const showRefusedPublication: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (!(error instanceof AppError) || error.status === 404) return next(error);
  res.status(error.status);
  deskPage(req, res, {
    refusal: error.details.map((d) => req.t(d.key, d.params)),
    refusedId: String(req.params.id),
  }).catch(next);
};
