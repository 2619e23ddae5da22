/** The invoice and payment API: the same services as the pages. */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import { invoicingService } from './invoicing.js';
import { contractInvoices, readInvoice, totals } from './read.js';
import {
  DecisionAnswer,
  InvoiceAnswer,
  InvoicesAnswer,
  PaymentAnswer,
  paymentBody,
  SubmittedAnswer,
} from './schema.js';
import { paymentsService } from './service.js';

const operation = operations('payments');

const listInvoices = operation({
  id: 'listInvoices',
  summary:
    "A contract's invoices and payments, with totals; `overdue: true` when approved and unpaid after the due date",
  responses: { 200: { description: 'Invoices', schema: InvoicesAnswer }, 403: 'Not a party' },
});

const getInvoice = operation({
  id: 'getInvoice',
  summary: 'One invoice: status, due date and the rule behind it, overdue flag, payment',
  responses: { 200: { description: 'Invoice', schema: InvoiceAnswer }, 404: 'Unknown' },
});

const submitInvoice = operation({
  id: 'submitInvoice',
  summary:
    'Invoice an accepted deliverable (the supplier): at most its amount, and all invoices at most the contract value',
  responses: {
    201: { description: 'Submitted, with its invoice number', schema: SubmittedAnswer },
    422: 'Refused: deliverable not accepted, already invoiced, over its amount or the contract',
  },
});

const approveInvoice = operation({
  id: 'approveInvoice',
  summary: "Approve an invoice; the due date is counted by the tenant's payment-days rule (named in appliedRules)",
  responses: {
    200: { description: 'Approved: dueOn, appliedRules', schema: DecisionAnswer },
    409: 'Already decided',
  },
});

const rejectInvoice = operation({
  id: 'rejectInvoice',
  summary: 'Reject an invoice with a reason (the supplier may invoice the deliverable again)',
  responses: { 200: { description: 'Rejected', schema: DecisionAnswer }, 409: 'Already decided' },
});

const recordPayment = operation({
  id: 'recordPayment',
  summary: 'Record the payment of an approved invoice: date, reference, and exactly the invoice amount',
  responses: {
    201: { description: 'Paid (late: after the due date)', schema: PaymentAnswer },
    409: 'The invoice is not approved',
    422: 'Amount not the invoice amount, date in the future',
  },
});

export function paymentApi(deps: Deps): Router {
  const router = Router();
  const invoicing = invoicingService(deps);
  const payments = paymentsService(deps);

  router.get(
    '/contracts/:id/invoices',
    listInvoices,
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    async (req, res) => {
      const { contract, invoices } = await contractInvoices(req.actor, req.params.id);
      res.json({ contractId: contract.id, totals: totals(Number(contract.value), invoices), invoices });
    },
  );

  router.get(
    '/invoices/:id',
    getInvoice,
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await readInvoice(req.actor, req.params.id));
    },
  );

  router.post(
    '/deliverables/:id/invoices',
    submitInvoice,
    requirePolicy('invoices:submit'),
    validate({ params: IdParams, body: paymentBody('invoice') }),
    async (req, res) => {
      res.status(201).json(await invoicing.submit(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/invoices/:id/approve',
    approveInvoice,
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await payments.approve(req.actor, req.params.id));
    },
  );

  router.post(
    '/invoices/:id/reject',
    rejectInvoice,
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: paymentBody('rejection') }),
    async (req, res) => {
      res.json(await payments.reject(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/invoices/:id/payment',
    recordPayment,
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: paymentBody('payment') }),
    async (req, res) => {
      res.status(201).json(await payments.pay(req.actor, req.params.id, req.body));
    },
  );
  return router;
}
