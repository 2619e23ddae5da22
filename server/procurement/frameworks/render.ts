/**
 * The framework pages as the reader sees them: dates and money in the reader's language,
 * statuses as words, each refused form with its messages next to it.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { currencyDigits, formatNumber } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import { formatsFor } from '../deliveries/format.js';
import {
  agencyAgreements,
  agreementDetail,
  noticeFramework,
  ownAgreements,
  type AgreementSummary,
  type ChangeView,
  type ItemView,
  type PartyView,
} from './read.js';

const textIn = (req: Request, text: Record<string, string>) => text[req.lng] ?? Object.values(text)[0] ?? '';
const statusLabel = (req: Request, status: string) => req.t(`frameworks:status_${status}`);

function summaryView(req: Request, a: AgreementSummary) {
  const f = formatsFor(req);
  const { numberingSystem } = req.actor.tenant.config;
  return {
    id: a.id,
    noticeId: a.noticeId,
    agreementNo: a.agreementNo,
    titleText: textIn(req, a.title),
    periodText: req.t('frameworks:period_text', { from: f.day(a.startsOn), until: f.day(a.endsOn) }),
    statusLabel: statusLabel(req, a.status),
    partiesText: req.t('frameworks:parties_of', {
      count: a.parties,
      parties: formatNumber(a.parties, req.lng, numberingSystem),
      max: formatNumber(a.maxParties, req.lng, numberingSystem),
    }),
    orderedText: req.t('frameworks:ordered_of', { ordered: f.money(a.orderedValue), max: f.money(a.maxValue) }),
  };
}

function itemView(req: Request, item: ItemView) {
  const f = formatsFor(req);
  const { numberingSystem } = req.actor.tenant.config;
  return {
    ...item,
    descriptionText: textIn(req, item.description),
    ceilingText: f.money(item.ceilingUnitPrice),
    quantityText: formatNumber(item.estimatedQuantity, req.lng, numberingSystem),
  };
}

function partyView(req: Request, party: PartyView, items: ItemView[]) {
  const f = formatsFor(req);
  const { numberingSystem } = req.actor.tenant.config;
  return {
    id: party.id,
    rank: formatNumber(party.rank, req.lng, numberingSystem),
    supplierName: textIn(req, party.supplierName),
    registrationNo: party.registrationNo,
    statusLabel: req.t(`frameworks:party_${party.status}`),
    prices: party.prices.map((p) => {
      const item = items.find((i) => i.id === p.itemId);
      return {
        id: p.id,
        itemNumber: p.itemNumber,
        itemText: item ? textIn(req, item.description) : '',
        unit: item?.unit ?? '',
        unitPrice: p.unitPrice,
        priceText: f.money(p.unitPrice),
        deliveryDays: p.deliveryDays,
        deliveryText: req.t('frameworks:delivery_days_text', {
          count: p.deliveryDays,
          days: formatNumber(p.deliveryDays, req.lng, numberingSystem),
        }),
        stock: p.stock,
        stockText:
          p.stock === null ? req.t('frameworks:stock_unknown') : formatNumber(p.stock, req.lng, numberingSystem),
        updatedText: f.time(p.updatedAt),
      };
    }),
  };
}

function changeView(req: Request, c: ChangeView, failure?: FormRefusal & { form?: string }) {
  const f = formatsFor(req);
  return {
    id: c.id,
    itemNumber: c.itemNumber,
    supplierName: textIn(req, c.supplierName),
    kindLabel: req.t(`frameworks:kind_${c.kind.replace(/-/g, '_')}`),
    fromText: f.money(c.fromPrice),
    toText: f.money(c.toPrice),
    reason: c.reason,
    statusLabel: req.t(`frameworks:change_${c.status}`),
    open: c.status === 'requested',
    requestedText: f.time(c.requestedAt),
    decidedText: c.decidedAt ? f.time(c.decidedAt) : null,
    decisionNote: c.decisionNote,
    failure: failure?.form === `decide-${c.id}` ? failure : undefined,
  };
}

export async function listPage(req: Request, res: Response): Promise<void> {
  const agreements = await agencyAgreements(req.actor);
  res.render('frameworks/list', {
    title: req.t('frameworks:list_title'),
    agreements: agreements.map((a) => summaryView(req, a)),
  });
}

/** A refused form of a page with many: which one, named `<form>-<id>` as the page names its forms. */
const failureOf = (req: Request, refusal?: FormRefusal) => {
  if (!refusal) return undefined;
  const posted = refusal.values.priceId;
  const id = String(req.params.id ?? (typeof posted === 'string' ? posted : ''));
  return { ...refusal, form: `${refusal.form ?? ''}-${id}` };
};

/** The agreement page (public once concluded); the agency's officers also decide price changes on it. */
export async function showPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const id =
    refusal && typeof refusal.values.agreementId === 'string' ? refusal.values.agreementId : String(req.params.id);
  const a = await agreementDetail(req.actor, id);
  const officer = can(req.user, 'notices:manage', a.agencyId);
  const failure = failureOf(req, refusal);
  res.render('frameworks/show', {
    title: req.t('frameworks:show_title', { number: a.agreementNo }),
    agreement: {
      ...summaryView(req, a),
      noticeNo: a.noticeNo,
      concludedText: a.concludedAt ? formatsFor(req).time(a.concludedAt) : null,
    },
    items: a.items.map((i) => itemView(req, i)),
    parties: a.partyList.map((p) => partyView(req, p, a.items)),
    officer,
    active: a.status === 'active',
    changes: a.changes.map((c) => changeView(req, c, failure)),
    decisions: (['approved', 'rejected'] as const).map((value) => ({
      value,
      label: req.t(value === 'approved' ? 'frameworks:approve' : 'frameworks:reject'),
    })),
    indexFailure: failure?.form.startsWith('index-') ? failure : undefined,
  });
}

/** The supplier's agreements: its prices, a change request per price, its delivery days and stock. */
export async function minePage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const agreements = await ownAgreements(req.actor);
  const failure = failureOf(req, refusal);
  res.render('frameworks/mine', {
    title: req.t('frameworks:mine_title'),
    agreements: agreements.map((a) => ({
      ...summaryView(req, a),
      active: a.status === 'active',
      party: {
        ...partyView(req, a.party, a.items),
        prices: partyView(req, a.party, a.items).prices.map((p) => ({
          ...p,
          changeFailure: failure?.form === `change-${p.id}` ? failure : undefined,
          termsFailure: failure?.form === `terms-${p.id}` ? failure : undefined,
        })),
      },
      changes: a.changes.map((c) => changeView(req, c)),
    })),
  });
}

/** A notice's framework terms: the form while the notice is a draft (for its officers), read-only after. */
export async function termsPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const noticeId = String(req.params.id);
  // No terms yet: an officer sees the empty form (the service checks the notice's agency and state).
  const existing = await noticeFramework(req.actor, noticeId).catch((error: unknown) => {
    if (can(req.user, 'notices:manage') && (error as { status?: number }).status === 404) return undefined;
    throw error;
  });
  const digits = currencyDigits(req.actor.tenant.config.currency);
  // Amounts are kept in minor units and typed in major ones.
  const major = (minor: number | undefined) =>
    minor === undefined ? undefined : (minor / 10 ** digits).toFixed(digits);
  const values = refusal?.values ?? {};
  const rows = Array.from({ length: Math.max(5, (existing?.items.length ?? 0) + 2) }, (_, i) => {
    const item = existing?.items[i];
    const value = (field: string, fallback: unknown) => values[`items.${i}.${field}`] ?? fallback ?? '';
    const errors = Object.entries(refusal?.errors ?? {})
      .filter(([field]) => field.startsWith(`items.${i}.`))
      .map(([, message]) => message);
    return {
      index: i,
      errors,
      number: value('number', item?.number ?? (i === 0 ? 1 : '')),
      classification: value('classification', item?.classification),
      description: value('description', item && textIn(req, item.description)),
      unit: value('unit', item?.unit),
      ceilingUnitPrice: value('ceilingUnitPrice', major(item?.ceilingUnitPrice)),
      estimatedQuantity: value('estimatedQuantity', item?.estimatedQuantity),
    };
  });
  res.render('frameworks/terms', {
    title: req.t('frameworks:terms_title'),
    noticeId,
    agreement: existing && summaryView(req, existing),
    items: (existing?.items ?? []).map((i) => itemView(req, i)),
    editable: existing ? existing.editable : true,
    values: {
      startsOn: values.startsOn ?? existing?.startsOn ?? '',
      endsOn: values.endsOn ?? existing?.endsOn ?? '',
      maxValue: values.maxValue ?? major(existing?.maxValue) ?? '',
      maxParties: values.maxParties ?? existing?.maxParties ?? '',
    },
    rows,
    failure: refusal,
  });
}
