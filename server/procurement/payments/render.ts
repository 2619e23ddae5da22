/**
 * The invoice page as the reader sees it: totals, each deliverable with the supplier's invoice
 * form, each invoice with its due date (and rule), payment and the officer's forms; a refused
 * form shows its messages and what was typed next to it.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { formatsFor } from '../deliveries/format.js';
import { failureOf, pageContract, type Failure } from '../deliveries/render.js';
import { contractInvoices, totals, type ContractInvoices, type InvoiceView } from './read.js';
import { typedAmount } from '../../i18n/format.js';

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
    amountTyped: typedAmount(i.amount, req.actor.tenant.config.currency),
    today,
    decideFailure: failed('approve') ?? failed('reject'),
    payFailure: failed('pay'),
  };
}

function deliverableRows(req: Request, data: ContractInvoices, failure?: Failure) {
  const f = formatsFor(req);
  const invoiced = new Set(data.invoices.filter((i) => i.status !== 'rejected').map((i) => i.deliverableId));
  const canInvoice = data.role === 'supplier' && data.contract.status === 'active';
  return data.deliverables.map((d) => {
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
          : typedAmount(d.amount, req.actor.tenant.config.currency),
      failure: failed,
    };
  });
}

/** A contract's invoices; a refused form (invoice, approve, reject, pay) shows its messages next to it. */
export async function invoicesPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const data = await contractInvoices(req.actor, pageContract(req, refusal));
  const failure = refusal && failureOf(req, refusal);
  const f = formatsFor(req);
  const { contract, role, invoices } = data;
  const sums = totals(Number(contract.value), invoices);
  res.render('payments/contract', {
    title: req.t('payments:title'),
    contract: {
      id: contract.id,
      contractNo: contract.contract_no,
      noticeId: contract.notice_id,
      orderId: contract.order_id,
      noticeNo: contract.notice_no,
      titleText: contract.title[req.lng] ?? Object.values(contract.title)[0] ?? '',
    },
    sums: {
      value: f.money(sums.value),
      invoiced: f.money(sums.invoiced),
      paid: f.money(sums.paid),
      remaining: f.money(sums.remaining),
    },
    deliverables: deliverableRows(req, data, failure),
    invoices: invoices.map((i) => invoiceRow(req, i, role, data.today, failure)),
    anyOverdue: invoices.some((i) => i.overdue),
  });
}
