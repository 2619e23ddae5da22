/** What the pre-specification pages show: the public list, one disclosure, and the officer's form to open one. */
import type { Request } from 'express';
import { formatMoney } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import { ruleReference } from '../../regulations/lookup.js';
import { commentsView, formatDay, publicView, type DisclosureRow, type PublicComment } from './read.js';
import type { DraftForDisclosure } from './service.js';
import { textIn } from '../../i18n/localized-fields.js';

type ViewRequest = Pick<Request, 't' | 'lng' | 'actor'>;

export function listModel(req: ViewRequest, rows: DisclosureRow[]) {
  return {
    title: req.t('prespec:title'),
    disclosures: rows.map((r) => {
      const view = publicView(r, req.lng, req.actor.tenant.config);
      return {
        ...view,
        categoryLabel: req.t(`suppliers:category_${view.category}`),
        stateLabel: req.t(`prespec:state_${view.state}`),
      };
    }),
  };
}

/** One disclosure's page; `form` holds what a refused form shows again (values, errors, replyError…). */
export function disclosureModel(
  req: ViewRequest,
  found: { row: DisclosureRow; comments: PublicComment[] },
  form: Record<string, unknown> = {},
) {
  const config = req.actor.tenant.config;
  const disclosure = publicView(found.row, req.lng, config);
  const user = req.actor.user;
  return {
    title: req.t('prespec:page_title'),
    disclosure,
    summaryParagraphs: disclosure.summary.split(/\n\s*\n/).filter((p) => p.trim()),
    categoryLabel: req.t(`suppliers:category_${disclosure.category}`),
    stateLabel: req.t(`prespec:state_${disclosure.state}`),
    comments: commentsView(found.comments, req.lng, config),
    canComment: disclosure.state === 'open' && can(user, 'supplier:read-own'),
    canReply: can(user, 'notices:manage', found.row.agency_id),
    values: {},
    errors: {},
    ...form,
  };
}

/** The officer's form: the notice, the rule and the period a disclosure opened now would run for. */
export function openFormModel(req: ViewRequest, draft: DraftForDisclosure, form: Record<string, unknown> = {}) {
  const config = req.actor.tenant.config;
  const money = (v: number | string) => formatMoney(v, config.currency, req.lng, config.numberingSystem);
  const period = draft.period;
  return {
    title: req.t('prespec:open_title'),
    notice: {
      id: draft.id,
      titleText: textIn(draft.title, req.lng, config.locales.default),
      estimatedPriceText: money(draft.estimatedPrice),
    },
    rule: period && {
      reference: ruleReference(period.rule),
      days: period.rule.value.days,
      unit: period.rule.value.unit,
      thresholdText: money(period.rule.value.aboveValue),
      closesOn: period.closesOn,
      closesOnText: formatDay(period.closesOn, req.lng, config.numberingSystem),
    },
    required: draft.required,
    values: {},
    errors: {},
    ...form,
  };
}
