/**
 * The officer's desk pages: the form to draft a notice from a published plan entry (also to edit
 * a draft), and the agency's notices.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { localizedInputs } from '../../i18n/localized-fields.js';
import { CATEGORIES, METHODS } from '../plans/schema.js';
import { readDeskNotices, readDeskPlans } from './desk-read.js';

export const titleOf = (req: Request, title: Record<string, string>) => title[req.lng] ?? Object.values(title)[0] ?? '';

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

/** What the draft form shows besides its fields: where it posts, its title, a draft's current values and warnings. */
export interface DraftFormLocals {
  title: string;
  action: string;
  submit: string;
  values: Record<string, unknown>;
  warnings: Record<string, string>;
  warningList: string[];
}

/** The form to draft a notice (a new one, or a draft being edited: `locals`). */
export const draftFormPage = async (
  req: Request,
  res: Response,
  refusal?: FormRefusal,
  locals?: Partial<DraftFormLocals>,
) => {
  const c = req.actor.tenant.config;
  const plans = await readDeskPlans(req.actor);
  res.render('notices/new', {
    title: req.t('notices:new_title'),
    action: `${req.baseUrl}/notices-desk`,
    submit: req.t('plans:save_draft'),
    titleInputs: localizedInputs('title', c.locales, (language) => req.t('plans:title_in', { language })),
    plans: plans.map((p) => ({ id: p.id, label: titleOf(req, p.title) })),
    ...draftChoices(req),
    currency: c.currency,
    timeZone: c.timeZone,
    values: {},
    errors: {},
    warnings: {},
    ...locals,
    ...(refusal ? { values: refusal.values, errors: refusal.errors, error: req.t('validation:failed') } : {}),
  });
};

/** The agency's notices, each draft linking to its page (warnings, edit, delete, publish). */
export async function deskPage(req: Request, res: Response): Promise<void> {
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
  });
}
