/**
 * The test-purchase pages: the list, one test purchase with its decision and evaluation forms,
 * and its printable evaluation report. Scores and recommendations are shown as words.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { textIn } from '../../i18n/localized-fields.js';
import { can } from '../../identity/policy.js';
import { formatsFor } from '../deliveries/format.js';
import { oneTestPurchase, testPurchases, type TestPurchase } from './read.js';
import { failureFor } from './render.js';
import { CRITERIA, RECOMMENDATIONS } from './schema.js';

function purchaseRow(req: Request, t: TestPurchase) {
  const f = formatsFor(req);
  const { numberingSystem } = req.actor.tenant.config;
  return {
    id: t.id,
    designationNo: t.designationNo,
    quantityText: formatNumber(t.quantity, req.lng, numberingSystem),
    totalText: f.money(t.total),
    requestedText: f.time(t.requestedAt),
    statusLabel: req.t(`innovation:test_status_${t.status}`),
  };
}

export async function testListPage(req: Request, res: Response): Promise<void> {
  const rows = await testPurchases(req.actor);
  res.render('innovation/tests', {
    title: req.t('innovation:tests_title'),
    purchases: rows.map((t) => purchaseRow(req, t)),
  });
}

async function pageModel(req: Request) {
  const { purchase, product } = await oneTestPurchase(req.actor, String(req.params.id));
  const f = formatsFor(req);
  const { numberingSystem, locales } = req.actor.tenant.config;
  const user = req.user;
  const e = purchase.evaluation;
  return {
    title: req.t('innovation:test_title', { no: product.designationNo }),
    purchase: {
      ...purchaseRow(req, purchase),
      purpose: purchase.purpose,
      decidedText: purchase.decidedAt ? f.time(purchase.decidedAt) : undefined,
      decisionNote: purchase.decisionNote,
      evaluatedText: purchase.evaluatedAt ? f.time(purchase.evaluatedAt) : undefined,
    },
    product: {
      id: product.id,
      designationNo: product.designationNo,
      nameText: textIn(product.name, req.lng, locales.default),
      supplierText: textIn(product.supplier.name, req.lng, locales.default),
      unitPriceText: f.money(product.unitPrice),
    },
    evaluation: e && {
      scores: CRITERIA.map((c) => ({
        label: req.t(`innovation:criterion_${c}`),
        scoreText: req.t('innovation:score_of', { score: formatNumber(e.scores[c], req.lng, numberingSystem) }),
      })),
      findings: e.findings,
      recommendationLabel: req.t(`innovation:recommendation_${e.recommendation.replace(/-/g, '_')}`),
    },
    mayDecide:
      purchase.status === 'requested' && can(user, 'innovation:designate') && purchase.requestedBy !== user?.id,
    mayEvaluate: purchase.status === 'approved' && can(user, 'notices:manage', purchase.agencyId),
    format: { numberingSystem },
  };
}

/** One test purchase; a refused form (decide, evaluate) shows its messages. */
export async function testPurchasePage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const model = await pageModel(req);
  const { numberingSystem } = req.actor.tenant.config;
  const evaluateFailure = failureFor(refusal, 'evaluate');
  const posted = (name: string) => evaluateFailure?.values[name];
  res.render('innovation/test', {
    ...model,
    decideFailure: failureFor(refusal, 'decide'),
    evaluateFailure,
    decisions: (['approved', 'rejected'] as const).map((value) => ({
      value,
      label: req.t(`innovation:decision_${value}`),
    })),
    criteria: CRITERIA.map((c) => ({
      key: c,
      label: req.t(`innovation:criterion_${c}`),
      error: evaluateFailure?.errors[c],
      options: [1, 2, 3, 4, 5].map((n) => ({
        value: n,
        label: formatNumber(n, req.lng, numberingSystem),
        checked: posted(c) === String(n),
      })),
    })),
    recommendations: RECOMMENDATIONS.map((r) => ({
      value: r,
      label: req.t(`innovation:recommendation_${r.replace(/-/g, '_')}`),
      checked: posted('recommendation') === r,
    })),
  });
}

/** The evaluation report to print. */
export async function printPage(req: Request, res: Response): Promise<void> {
  const model = await pageModel(req);
  const { timeZone, numberingSystem } = req.actor.tenant.config;
  const format = res.locals.format as { now?: string } | undefined;
  const at = format?.now ? new Date(format.now) : new Date();
  res.render('innovation/print', {
    ...model,
    layout: 'print',
    printing: true,
    printedText: formatDateTime(at, req.lng, timeZone, numberingSystem),
    sourceUrl: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl.replace(/\/print(\?.*)?$/, '')}`,
  });
}
