/**
 * The delivery pages: a contract's deliverables with every delivery attempt and inspection, the
 * supplier's "record a delivery" and the officer's inspection form (with the quality checklist
 * for safety-related goods); a refused form comes back with its messages, field by field.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { CHECKS } from './checklist.js';
import { assertViewer, contractById } from './contract-access.js';
import { formatsFor } from './format.js';
import { runForm, type Failure } from './forms.js';
import { contractsFor, deliverablesOf, type DeliverableView } from './read.js';
import { DeliveryInput, InspectionInput, inspectionFromForm } from './schema.js';
import { deliveriesService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const BackTo = z.object({ contractId: z.uuid() });

function deliverableView(req: Request, item: DeliverableView, role: string, active: boolean, failure?: Failure) {
  const f = formatsFor(req);
  const failedHere = (form: string) => (failure?.form === form ? failure : undefined);
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    amountText: f.money(item.amount),
    dueText: f.day(item.dueOn),
    safetyRelated: item.safetyRelated,
    statusLabel: req.t(`deliveries:status_${item.status}`),
    canDeliver: role === 'supplier' && active && (item.status === 'pending' || item.status === 'rejected'),
    deliverFailure: failedHere(`deliver-${item.id}`),
    deliveries: item.deliveries.map((d) => {
      const failed = failedHere(`inspect-${d.id}`);
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
        canInspect: role === 'officer' && active && !d.inspection && item.status === 'delivered',
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
    }),
  };
}

async function contractPage(req: Request, res: Response, contractId: string, status = 200, failure?: Failure) {
  const { contract, role, deliverables } = await inTenant(req.tenant!, async (tx) => {
    const contract = await contractById(tx, contractId);
    const role = assertViewer(req.user, contract);
    return { contract, role, deliverables: await deliverablesOf(tx, contract.id) };
  });
  const active = contract.status === 'active';
  res.status(status).render('deliveries/contract', {
    title: req.t('deliveries:title'),
    contract: {
      id: contract.id,
      contractNo: contract.contract_no,
      noticeId: contract.notice_id,
      noticeNo: contract.notice_no,
      titleText: contract.title[req.lng] ?? Object.values(contract.title)[0] ?? '',
      valueText: formatsFor(req).money(contract.value),
      statusLabel: req.t(`deliveries:contract_status_${contract.status.replace(/-/g, '_')}`),
    },
    notActive: !active,
    deliverables: deliverables.map((d) => deliverableView(req, d, role, active, failure)),
  });
}

/** Runs a form of the page; on refusal the page comes back with the form's messages. */
function submitted(req: Request, res: Response, form: string, action: () => Promise<unknown>) {
  const { contractId } = parseInput(BackTo, req.body ?? {});
  return runForm(req, res, {
    form,
    back: `${req.baseUrl}/contracts/${contractId}/deliveries`,
    action,
    render: (status, failure) => contractPage(req, res, contractId, status, failure),
  });
}

export function deliveryPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const deliveries = deliveriesService(services);

  router.get('/deliveries', requirePolicy('account:use'), async (req, res) => {
    const f = formatsFor(req);
    const contracts = await inTenant(req.tenant!, (tx) => contractsFor(tx, req.user!));
    res.render('deliveries/list', {
      title: req.t('deliveries:list_title'),
      contracts: contracts.map((c) => ({
        ...c,
        titleText: c.title[req.lng] ?? Object.values(c.title)[0] ?? '',
        valueText: f.money(c.value),
        statusLabel: req.t(`deliveries:contract_status_${c.status.replace(/-/g, '_')}`),
      })),
    });
  });

  router.get('/contracts/:id/deliveries', requirePolicy('account:use'), csrf.token, (req, res) =>
    contractPage(req, res, String(req.params.id)),
  );

  router.post(
    '/deliverables/:id/deliveries',
    requirePolicy('invoices:submit'),
    csrf.protect,
    csrf.token,
    (req, res) => {
      const id = String(req.params.id);
      return submitted(req, res, `deliver-${id}`, () =>
        deliveries.deliver(req.tenant!, req.user!, auditContextOf(req), id, parseInput(DeliveryInput, req.body ?? {})),
      );
    },
  );

  router.post('/deliveries/:id/inspection', requirePolicy('notices:manage'), csrf.protect, csrf.token, (req, res) => {
    const id = String(req.params.id);
    return submitted(req, res, `inspect-${id}`, () =>
      deliveries.inspect(
        req.tenant!,
        req.user!,
        auditContextOf(req),
        id,
        parseInput(InspectionInput, inspectionFromForm((req.body ?? {}) as Record<string, unknown>)),
      ),
    );
  });
  return router;
}
