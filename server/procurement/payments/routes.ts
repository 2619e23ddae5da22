/**
 * The invoice pages: a contract's invoices with their due dates (and the rule behind them), the
 * overdue flag and payments; the supplier's invoice form per accepted deliverable and the
 * officer's approve, reject and payment forms. Refusals come back next to their form.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { localDate } from '../../regulations/lookup.js';
import { now } from '../../time/clock.js';
import { assertViewer, contractById } from '../deliveries/contract-access.js';
import { formatsFor } from '../deliveries/format.js';
import { runForm, type Failure } from '../deliveries/forms.js';
import { deliverablesOf } from '../deliveries/read.js';
import { invoicingService } from './invoicing.js';
import { invoicesOf, totals, type InvoiceView } from './read.js';
import { paymentSchemas } from './schema.js';
import { paymentsService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const BackTo = z.object({ contractId: z.uuid() });

/** An amount in minor units as a person types it (12345 cents → "123.45"). */
function typed(minorUnits: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  return digits === 0 ? String(minorUnits) : (minorUnits / 10 ** digits).toFixed(digits);
}

function invoiceRow(req: Request, i: InvoiceView, role: string, today: string, failure?: Failure) {
  const f = formatsFor(req);
  const failed = (form: string) => (failure?.form === `${form}-${i.id}` ? failure : undefined);
  return {
    ...i,
    amountText: f.money(i.amount),
    statusLabel: req.t(`payments:status_${i.status}`),
    submittedText: f.time(i.submittedAt),
    dueText: i.dueOn ? f.day(i.dueOn) : null,
    rule: i.appliedRules.join(', '),
    payment: i.payment && { ...i.payment, paidText: f.day(i.payment.paidOn), amountText: f.money(i.payment.amount) },
    canDecide: role === 'officer' && i.status === 'submitted',
    canPay: role === 'officer' && i.status === 'approved',
    amountTyped: typed(i.amount, req.tenant!.config.currency),
    today,
    decideFailure: failed('approve') ?? failed('reject'),
    payFailure: failed('pay'),
  };
}

async function invoicesPage(req: Request, res: Response, contractId: string, status = 200, failure?: Failure) {
  const f = formatsFor(req);
  const data = await inTenant(req.tenant!, async (tx) => {
    const contract = await contractById(tx, contractId);
    const role = assertViewer(req.user, contract);
    return {
      contract,
      role,
      today: localDate(await now(tx), req.tenant!.config.timeZone),
      deliverables: await deliverablesOf(tx, contract.id),
      invoices: await invoicesOf(tx, req.tenant!, contract.id),
    };
  });
  const { contract, role, invoices } = data;
  const sums = totals(Number(contract.value), invoices);
  const invoiced = new Set(invoices.filter((i) => i.status !== 'rejected').map((i) => i.deliverableId));
  const canInvoice = role === 'supplier' && contract.status === 'active';
  res.status(status).render('payments/contract', {
    title: req.t('payments:title'),
    contract: {
      id: contract.id,
      contractNo: contract.contract_no,
      noticeId: contract.notice_id,
      noticeNo: contract.notice_no,
      titleText: contract.title[req.lng] ?? Object.values(contract.title)[0] ?? '',
    },
    sums: {
      value: f.money(sums.value),
      invoiced: f.money(sums.invoiced),
      paid: f.money(sums.paid),
      remaining: f.money(sums.remaining),
    },
    deliverables: data.deliverables.map((d) => {
      const failed = failure?.form === `invoice-${d.id}` ? failure : undefined;
      return {
        id: d.id,
        number: d.number,
        title: d.title,
        amountText: f.money(d.amount),
        statusLabel: req.t(`deliveries:status_${d.status}`),
        invoiced: invoiced.has(d.id),
        canInvoice: canInvoice && !invoiced.has(d.id),
        amountTyped:
          typeof failed?.values.amount === 'string'
            ? failed.values.amount
            : typed(d.amount, req.tenant!.config.currency),
        failure: failed,
      };
    }),
    invoices: invoices.map((i) => invoiceRow(req, i, role, data.today, failure)),
    anyOverdue: invoices.some((i) => i.overdue),
  });
}

function submitted(req: Request, res: Response, form: string, action: () => Promise<unknown>) {
  const { contractId } = parseInput(BackTo, req.body ?? {});
  return runForm(req, res, {
    form,
    back: `${req.baseUrl}/contracts/${contractId}/invoices`,
    action,
    render: (status, failure) => invoicesPage(req, res, contractId, status, failure),
  });
}

export function paymentPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const invoicing = invoicingService(services);
  const payments = paymentsService(services);
  const schemas = (req: Request) => paymentSchemas(req.tenant!.config.currency);
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  router.get('/contracts/:id/invoices', requirePolicy('account:use'), csrf.token, (req, res) =>
    invoicesPage(req, res, String(req.params.id)),
  );

  router.post('/deliverables/:id/invoices', requirePolicy('invoices:submit'), csrf.protect, csrf.token, (req, res) => {
    const id = String(req.params.id);
    return submitted(req, res, `invoice-${id}`, () =>
      invoicing.submit(req.tenant!, req.user!, auditContextOf(req), id, parseInput(schemas(req).invoice, body(req))),
    );
  });

  router.post('/invoices/:id/approve', requirePolicy('notices:manage'), csrf.protect, csrf.token, (req, res) => {
    const id = String(req.params.id);
    return submitted(req, res, `approve-${id}`, () =>
      payments.approve(req.tenant!, req.user!, auditContextOf(req), id),
    );
  });

  router.post('/invoices/:id/reject', requirePolicy('notices:manage'), csrf.protect, csrf.token, (req, res) => {
    const id = String(req.params.id);
    return submitted(req, res, `reject-${id}`, () =>
      payments.reject(
        req.tenant!,
        req.user!,
        auditContextOf(req),
        id,
        parseInput(schemas(req).rejection, body(req)).reason,
      ),
    );
  });

  router.post('/invoices/:id/payment', requirePolicy('notices:manage'), csrf.protect, csrf.token, (req, res) => {
    const id = String(req.params.id);
    return submitted(req, res, `pay-${id}`, () =>
      payments.pay(req.tenant!, req.user!, auditContextOf(req), id, parseInput(schemas(req).payment, body(req))),
    );
  });
  return router;
}
