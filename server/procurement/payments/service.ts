/**
 * Deciding on invoices and paying them. An officer of the buying agency approves a submitted
 * invoice (its due date counted by the tenant's `payment-days` rule, whose version is recorded)
 * or rejects it with a reason; then records the payment, which must be the invoice's amount,
 * never more, and never on an invoice that is not approved. Audited; the supplier is told by
 * e-mail in their language.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate } from '../../regulations/lookup.js';
import { paymentDue } from '../../regulations/payment-days.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import type { ContractRow } from '../deliveries/contract-access.js';
import { InvoiceAlreadyDecidedError, InvoiceNotApprovedError } from './errors.js';
import type { PaymentInput, RejectionInput } from './schema.js';
import { dayFor, invoiceFor, moneyFor, tellSupplier, type InvoiceRow } from './support.js';

export interface InvoiceDecision {
  id: string;
  invoiceNo: string;
  status: InvoiceRow['status'];
  dueOn: string | null;
  appliedRules: string[];
}

export interface RecordedPayment {
  id: string;
  invoiceNo: string;
  status: 'paid';
  paidOn: string;
  /** Paid after the due date. */
  late: boolean;
}

function assertSubmitted(invoice: InvoiceRow): void {
  if (invoice.status !== 'submitted') throw new InvoiceAlreadyDecidedError(invoice.status, invoice.invoice_no);
}

/** A payment is exactly the invoice's amount, not in the future, and within what the contract has left. */
async function assertPayable(
  tx: Knex.Transaction,
  actor: Actor,
  found: { invoice: InvoiceRow; contract: ContractRow },
  input: PaymentInput,
): Promise<void> {
  const { invoice, contract } = found;
  if (invoice.status !== 'approved') throw new InvoiceNotApprovedError(invoice.status, invoice.invoice_no);
  const amount = Number(invoice.amount);
  const money = (value: number) => moneyFor(actor.tenant, value, actor.audit.locale);
  if (input.amount !== amount)
    throw new ValidationError([
      {
        field: 'amount',
        key: input.amount > amount ? 'payments:over_invoice' : 'payments:under_invoice',
        params: { amount: money(amount) },
      },
    ]);
  if (input.paidOn > localDate(await now(tx), actor.tenant.config.timeZone))
    throw new ValidationError([{ field: 'paidOn', key: 'payments:paid_in_future' }]);
  // Invoices are capped by the contract's value already; payments are checked again all the same.
  const paid = await tx('payments as p')
    .join('invoices as i', 'i.id', 'p.invoice_id')
    .where('i.contract_id', contract.id)
    .sum<{ total: string | null }>('p.amount as total')
    .first();
  const remaining = Number(contract.value) - Number(paid?.total ?? 0);
  if (amount > remaining)
    throw new ValidationError([
      { field: 'amount', key: 'payments:over_contract', params: { remaining: money(Math.max(0, remaining)) } },
    ]);
}

export function paymentsService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    async approve(actor: Actor, id: string): Promise<InvoiceDecision> {
      const { tenant, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const { invoice, contract } = await invoiceFor(tx, id);
        const user = actor.user;
        assertCan(user, 'notices:manage', contract.agency_id);
        assertSubmitted(invoice);
        const at = await now(tx);
        const due = paymentDue(tenant.config, at);
        await tx('invoices')
          .where({ id: invoice.id })
          .update({
            status: 'approved',
            decided_by: user.id,
            decided_at: at,
            due_on: due.dueOn,
            applied_rules: [due.rule],
          });
        await services.audit.record(tx, tenant, context, {
          at,
          action: 'invoice.approved',
          target: { type: 'invoice', id: invoice.id },
          summary: {
            contract: contract.id,
            notice: contract.notice_id,
            invoiceNo: invoice.invoice_no,
            dueOn: due.dueOn,
            rules: [due.rule],
          },
        });
        await tellSupplier(services, tx, tenant, invoice, contract, 'invoice_approved', (locale) => ({
          due: dayFor(tenant, due.dueOn, locale),
          rule: due.rule,
        }));
        return {
          id: invoice.id,
          invoiceNo: invoice.invoice_no,
          status: 'approved',
          dueOn: due.dueOn,
          appliedRules: [due.rule],
        };
      });
    },

    async reject(actor: Actor, id: string, { reason }: RejectionInput): Promise<InvoiceDecision> {
      const { tenant, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const { invoice, contract } = await invoiceFor(tx, id);
        const user = actor.user;
        assertCan(user, 'notices:manage', contract.agency_id);
        assertSubmitted(invoice);
        await tx('invoices')
          .where({ id: invoice.id })
          .update({
            status: 'rejected',
            decided_by: user.id,
            decided_at: tx.raw('app_now()'),
            rejection_reason: reason,
          });
        await services.audit.record(tx, tenant, context, {
          action: 'invoice.rejected',
          target: { type: 'invoice', id: invoice.id },
          summary: { contract: contract.id, notice: contract.notice_id, invoiceNo: invoice.invoice_no, reason },
        });
        await tellSupplier(services, tx, tenant, invoice, contract, 'invoice_rejected', () => ({ reason }));
        return { id: invoice.id, invoiceNo: invoice.invoice_no, status: 'rejected', dueOn: null, appliedRules: [] };
      });
    },

    async pay(actor: Actor, id: string, input: PaymentInput): Promise<RecordedPayment> {
      const { tenant, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const { invoice, contract } = await invoiceFor(tx, id);
        const user = actor.user;
        assertCan(user, 'notices:manage', contract.agency_id);
        await assertPayable(tx, actor, { invoice, contract }, input);
        const amount = Number(invoice.amount);
        const [row] = await tx('payments')
          .insert({
            invoice_id: invoice.id,
            amount,
            paid_on: input.paidOn,
            reference: input.reference,
            recorded_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await tx('invoices').where({ id: invoice.id }).update({ status: 'paid' });
        const late = invoice.due_on !== null && input.paidOn > invoice.due_on;
        await services.audit.record(tx, tenant, context, {
          action: 'invoice.paid',
          target: { type: 'invoice', id: invoice.id },
          summary: {
            contract: contract.id,
            notice: contract.notice_id,
            invoiceNo: invoice.invoice_no,
            payment: row!.id,
            amount,
            paidOn: input.paidOn,
            reference: input.reference,
            dueOn: invoice.due_on,
            late,
          },
        });
        await tellSupplier(services, tx, tenant, invoice, contract, 'invoice_paid', (locale) => ({
          paidOn: dayFor(tenant, input.paidOn, locale),
          reference: input.reference,
        }));
        return { id: invoice.id, invoiceNo: invoice.invoice_no, status: 'paid', paidOn: input.paidOn, late };
      });
    },
  };
}
