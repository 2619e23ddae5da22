/**
 * The supplier invoices an accepted deliverable: one live invoice per deliverable (a rejected one
 * may be replaced), never more than the deliverable's amount, and never, with the contract's other
 * invoices, more than the contract's value. Numbered INV<yy>-<serial>; the agency's officers are
 * told by e-mail in their language.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { isUuid } from '../../http/params.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { agencyOfficers, assertActive, contractById, type ContractRow } from '../deliveries/contract-access.js';
import { DeliverableNotFoundError } from '../deliveries/errors.js';
import type { InvoiceInput } from './schema.js';
import { moneyFor } from './support.js';

export interface SubmittedInvoice {
  id: string;
  invoiceNo: string;
  amount: number;
  status: 'submitted';
}

interface DeliverableRow {
  id: string;
  contract_id: string;
  number: number;
  title: string;
  amount: string;
  status: 'pending' | 'delivered' | 'accepted' | 'rejected';
}

/** The deliverable to invoice and its contract (locked: two invoices at once must not both fit under its value). */
async function deliverableToInvoice(tx: Knex.Transaction, actor: Actor, deliverableId: string) {
  const item = isUuid(deliverableId)
    ? await tx('deliverables')
        .where({ id: deliverableId })
        .first<DeliverableRow | undefined>('id', 'contract_id', 'number', 'title', 'amount', 'status')
    : undefined;
  if (!item) throw new DeliverableNotFoundError();
  const contract = await contractById(tx, item.contract_id, true);
  const user = actor.user;
  assertCan(user, 'invoices:submit', contract.supplier_id);
  assertActive(contract);
  return { item, contract, user };
}

/** Refuses an invoice of a deliverable not accepted, already invoiced, or over its amount or the contract's. */
async function assertInvoiceable(
  tx: Knex.Transaction,
  actor: Actor,
  found: { item: DeliverableRow; contract: ContractRow },
  input: InvoiceInput,
): Promise<void> {
  const { item, contract } = found;
  const money = (amount: number | string) => moneyFor(actor.tenant, amount, actor.audit.locale);
  if (item.status !== 'accepted')
    throw new ValidationError([
      { field: 'deliverable', key: `payments:not_accepted_${item.status}`, params: { number: item.number } },
    ]);
  const live = await tx('invoices')
    .where({ deliverable_id: item.id })
    .whereNot('status', 'rejected')
    .first<{ invoice_no: string } | undefined>('invoice_no');
  if (live)
    throw new ValidationError([
      { field: 'deliverable', key: 'payments:already_invoiced', params: { invoice: live.invoice_no } },
    ]);
  if (input.amount > Number(item.amount))
    throw new ValidationError([
      { field: 'amount', key: 'payments:over_deliverable', params: { max: money(item.amount) } },
    ]);
  const invoiced = await tx('invoices')
    .where({ contract_id: contract.id })
    .whereNot('status', 'rejected')
    .sum<{ total: string | null }>('amount as total')
    .first();
  const remaining = Number(contract.value) - Number(invoiced?.total ?? 0);
  if (input.amount > remaining)
    throw new ValidationError([
      { field: 'amount', key: 'payments:over_contract', params: { remaining: money(Math.max(0, remaining)) } },
    ]);
}

export function invoicingService(services: Pick<Deps, 'audit' | 'mailer'>) {
  /** The agency's officers hear of the invoice, each in their language. */
  async function tellOfficers(
    tx: Knex.Transaction,
    actor: Actor,
    found: { item: DeliverableRow; contract: ContractRow },
    invoice: { invoiceNo: string; amount: number },
  ): Promise<void> {
    for (const officer of await agencyOfficers(tx, found.contract.agency_id)) {
      await services.mailer.queue(tx, actor.tenant, {
        to: officer.email,
        locale: officer.locale,
        template: 'invoice_submitted',
        params: {
          name: officer.display_name,
          invoice: invoice.invoiceNo,
          contract: found.contract.contract_no,
          number: found.item.number,
          deliverable: found.item.title,
          amount: moneyFor(actor.tenant, invoice.amount, officer.locale),
        },
      });
    }
  }

  return {
    async submit(actor: Actor, deliverableId: string, input: InvoiceInput): Promise<SubmittedInvoice> {
      const { tenant, audit } = actor;
      return inTenant(tenant, async (tx) => {
        const { item, contract, user } = await deliverableToInvoice(tx, actor, deliverableId);
        await assertInvoiceable(tx, actor, { item, contract }, input);
        const at = await now(tx);
        const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('invoice_serial') as n`);
        const year = localDate(at, tenant.config.timeZone).slice(2, 4);
        const invoiceNo = `INV${year}-${serial.rows[0]!.n.padStart(6, '0')}`;
        const [row] = await tx('invoices')
          .insert({
            invoice_no: invoiceNo,
            contract_id: contract.id,
            deliverable_id: item.id,
            amount: input.amount,
            submitted_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, audit, {
          at,
          action: 'invoice.submitted',
          target: { type: 'invoice', id: row!.id },
          summary: {
            contract: contract.id,
            notice: contract.notice_id,
            deliverable: item.id,
            invoiceNo,
            amount: input.amount,
          },
        });
        await tellOfficers(tx, actor, { item, contract }, { invoiceNo, amount: input.amount });
        return { id: row!.id, invoiceNo, amount: input.amount, status: 'submitted' };
      });
    },
  };
}
