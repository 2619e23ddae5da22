/**
 * The delivery pages as the reader sees them: the contracts followed, and one contract's
 * deliverables with every attempt and inspection, each form with its messages when refused.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { CHECKS } from './checklist.js';
import { formatsFor } from './format.js';
import { contractDeliveries, followedContracts, type DeliverableView } from './read.js';

/** A refused form of a page with many: which one (`deliver-<id>`), its messages, what was typed. */
export interface Failure {
  form: string;
  errors: Record<string, string>;
  error: string;
  values: Record<string, unknown>;
}

/** The refusal of the form posted to `/…/:id/…`, named `<form>-<id>` as the page names its forms. */
export function failureOf(req: Request, refusal: FormRefusal): Failure {
  return {
    form: `${refusal.form ?? ''}-${String(req.params.id)}`,
    errors: refusal.errors,
    error: refusal.error,
    values: refusal.values,
  };
}

/** The contract whose page a form goes back to: the page's own, or the one the form names. */
export function pageContract(req: Request, refusal?: FormRefusal): string {
  const posted = refusal ? refusal.values.contractId : req.params.id;
  return typeof posted === 'string' ? posted : '';
}

function deliveryView(
  req: Request,
  item: DeliverableView,
  d: DeliverableView['deliveries'][number],
  failure?: Failure,
) {
  const f = formatsFor(req);
  const failed = failure?.form === `inspect-${d.id}` ? failure : undefined;
  return {
    id: d.id,
    attempt: d.attempt,
    deliveredText: f.time(d.deliveredAt),
    note: d.note,
    inspection: d.inspection && {
      resultLabel: req.t(`deliveries:result_${d.inspection.result}`),
      accepted: d.inspection.result === 'accepted',
      defects: d.inspection.defects,
      inspectedText: f.time(d.inspection.inspectedAt),
      checks: d.inspection.checklist.map((c) => ({
        label: req.t(`deliveries:check_${c.key}`),
        outcome: req.t(c.passed ? 'deliveries:outcome_pass' : 'deliveries:outcome_fail'),
      })),
    },
    failure: failed,
    results: (['accepted', 'rejected'] as const).map((value) => ({
      value,
      label: req.t(`deliveries:result_${value}`),
      checked: failed?.values.result === value,
    })),
    checks: item.safetyRelated
      ? CHECKS.map((key) => ({
          key,
          label: req.t(`deliveries:check_${key}`),
          error: failed?.errors[`checklist.${key}`],
          options: (['pass', 'fail'] as const).map((value) => ({
            value,
            label: req.t(`deliveries:outcome_${value}`),
            checked: failed?.values[`checklist.${key}`] === value,
          })),
        }))
      : [],
  };
}

function deliverableView(req: Request, item: DeliverableView, role: string, active: boolean, failure?: Failure) {
  const f = formatsFor(req);
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    amountText: f.money(item.amount),
    dueText: f.day(item.dueOn),
    safetyRelated: item.safetyRelated,
    statusLabel: req.t(`deliveries:status_${item.status}`),
    canDeliver: role === 'supplier' && active && (item.status === 'pending' || item.status === 'rejected'),
    deliverFailure: failure?.form === `deliver-${item.id}` ? failure : undefined,
    deliveries: item.deliveries.map((d) => ({
      ...deliveryView(req, item, d, failure),
      canInspect: role === 'officer' && active && !d.inspection && item.status === 'delivered',
    })),
  };
}

export async function listPage(req: Request, res: Response): Promise<void> {
  const f = formatsFor(req);
  const contracts = await followedContracts(req.actor);
  res.render('deliveries/list', {
    title: req.t('deliveries:list_title'),
    contracts: contracts.map((c) => ({
      ...c,
      titleText: c.title[req.lng] ?? Object.values(c.title)[0] ?? '',
      valueText: f.money(c.value),
      statusLabel: req.t(`deliveries:contract_status_${c.status.replace(/-/g, '_')}`),
    })),
  });
}

/** A contract's deliveries; a refused form (deliver, inspect) shows its messages next to it. */
export async function deliveriesPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const { contract, role, deliverables } = await contractDeliveries(req.actor, pageContract(req, refusal));
  const failure = refusal && failureOf(req, refusal);
  const active = contract.status === 'active';
  res.render('deliveries/contract', {
    title: req.t('deliveries:title'),
    contract: {
      id: contract.id,
      contractNo: contract.contract_no,
      noticeId: contract.notice_id,
      orderId: contract.order_id,
      noticeNo: contract.notice_no,
      titleText: contract.title[req.lng] ?? Object.values(contract.title)[0] ?? '',
      valueText: formatsFor(req).money(contract.value),
      statusLabel: req.t(`deliveries:contract_status_${contract.status.replace(/-/g, '_')}`),
    },
    notActive: !active,
    deliverables: deliverables.map((d) => deliverableView(req, d, role, active, failure)),
  });
}
