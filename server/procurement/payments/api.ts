/** The invoice and payment API: the same services as the pages. */
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { assertViewer, contractById, isUuid } from '../deliveries/contract-access.js';
import { invoicingService } from './invoicing.js';
import { invoiceById, invoicesOf, totals } from './read.js';
import { paymentSchemas } from './schema.js';
import { paymentsService } from './service.js';

export function paymentApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const invoicing = invoicingService(services);
  const payments = paymentsService(services);
  const schemas = (req: Request) => paymentSchemas(req.tenant!.config.currency);
  const example = paymentSchemas('KRW');

  doc.add({
    method: 'get',
    path: '/contracts/{id}/invoices',
    tag: 'payments',
    summary:
      "A contract's invoices and payments, with totals; `overdue: true` when approved and unpaid after the due date",
    authenticated: true,
    responses: { '200': { description: 'Invoices' }, '403': { description: 'Not a party' } },
  });
  router.get('/contracts/:id/invoices', requirePolicy('account:use'), async (req, res) => {
    const body = await inTenant(req.tenant!, async (tx) => {
      const contract = await contractById(tx, String(req.params.id));
      assertViewer(req.user, contract);
      const invoices = await invoicesOf(tx, req.tenant!, contract.id);
      return { contractId: contract.id, totals: totals(Number(contract.value), invoices), invoices };
    });
    res.json(body);
  });

  doc.add({
    method: 'get',
    path: '/invoices/{id}',
    tag: 'payments',
    summary: 'One invoice: status, due date and the rule behind it, overdue flag, payment',
    authenticated: true,
    responses: { '200': { description: 'Invoice' }, '404': { description: 'Unknown' } },
  });
  router.get('/invoices/:id', requirePolicy('account:use'), async (req, res) => {
    const id = String(req.params.id);
    const invoice = await inTenant(req.tenant!, async (tx) => {
      const found = isUuid(id) ? await invoiceById(tx, req.tenant!, id) : undefined;
      if (!found) throw new NotFoundError('invoice_not_found', 'payments:invoice_not_found');
      assertViewer(req.user, await contractById(tx, found.contractId));
      return found;
    });
    res.json(invoice);
  });

  doc.add({
    method: 'post',
    path: '/deliverables/{id}/invoices',
    tag: 'payments',
    summary:
      'Invoice an accepted deliverable (the supplier): at most its amount, and all invoices at most the contract value',
    authenticated: true,
    body: example.invoice,
    responses: {
      '201': { description: 'Submitted, with its invoice number' },
      '422': { description: 'Refused: deliverable not accepted, already invoiced, over its amount or the contract' },
    },
  });
  router.post('/deliverables/:id/invoices', requirePolicy('invoices:submit'), async (req, res) => {
    const input = parseInput(schemas(req).invoice, req.body ?? {});
    res
      .status(201)
      .json(await invoicing.submit(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });

  doc.add({
    method: 'post',
    path: '/invoices/{id}/approve',
    tag: 'payments',
    summary: "Approve an invoice; the due date is counted by the tenant's payment-days rule (named in appliedRules)",
    authenticated: true,
    responses: { '200': { description: 'Approved: dueOn, appliedRules' }, '409': { description: 'Already decided' } },
  });
  router.post('/invoices/:id/approve', requirePolicy('notices:manage'), async (req, res) => {
    res.json(await payments.approve(req.tenant!, req.user!, auditContextOf(req), String(req.params.id)));
  });

  doc.add({
    method: 'post',
    path: '/invoices/{id}/reject',
    tag: 'payments',
    summary: 'Reject an invoice with a reason (the supplier may invoice the deliverable again)',
    authenticated: true,
    body: example.rejection,
    responses: { '200': { description: 'Rejected' }, '409': { description: 'Already decided' } },
  });
  router.post('/invoices/:id/reject', requirePolicy('notices:manage'), async (req, res) => {
    const { reason } = parseInput(schemas(req).rejection, req.body ?? {});
    res.json(await payments.reject(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason));
  });

  doc.add({
    method: 'post',
    path: '/invoices/{id}/payment',
    tag: 'payments',
    summary: 'Record the payment of an approved invoice: date, reference, and exactly the invoice amount',
    authenticated: true,
    body: example.payment,
    responses: {
      '201': { description: 'Paid (late: after the due date)' },
      '409': { description: 'The invoice is not approved' },
      '422': { description: 'Amount not the invoice amount, date in the future' },
    },
  });
  router.post('/invoices/:id/payment', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(schemas(req).payment, req.body ?? {});
    res.status(201).json(await payments.pay(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });
  return router;
}
