/**
 * The supplier invoices an accepted deliverable: one live invoice per deliverable (a rejected one
 * may be replaced), never more than the deliverable's amount, and never, with the contract's other
 * invoices, more than the contract's value. Numbered INV<yy>-<serial>; the agency's officers are
 * told by e-mail in their language.
 */
import type { AuditContext } from '../../audit/trail.js';
import { NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { localDate } from '../../regulations/lookup.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { agencyOfficers, assertActive, contractById, isUuid } from '../deliveries/contract-access.js';
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

export function invoicingService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    async submit(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      deliverableId: string,
      input: InvoiceInput,
    ): Promise<SubmittedInvoice> {
      return inTenant(tenant, async (tx) => {
        const item = isUuid(deliverableId)
          ? await tx('deliverables')
              .where({ id: deliverableId })
              .first<DeliverableRow | undefined>('id', 'contract_id', 'number', 'title', 'amount', 'status')
          : undefined;
        if (!item) throw new NotFoundError('deliverable_not_found', 'deliveries:deliverable_not_found');
        // Locked: two invoices at once must not both fit under the contract's value.
        const contract = await contractById(tx, item.contract_id, true);
        assertCan(user, 'invoices:submit', contract.supplier_id);
        assertActive(contract);
        const money = (amount: number | string) => moneyFor(tenant, amount, context.locale);
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
        await services.audit.record(tx, tenant, context, {
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
        for (const officer of await agencyOfficers(tx, contract.agency_id)) {
          await services.mailer.queue(tx, tenant, {
            to: officer.email,
            locale: officer.locale,
            template: 'invoice_submitted',
            params: {
              name: officer.display_name,
              invoice: invoiceNo,
              contract: contract.contract_no,
              number: item.number,
              deliverable: item.title,
              amount: moneyFor(tenant, input.amount, officer.locale),
            },
          });
        }
        return { id: row!.id, invoiceNo, amount: input.amount, status: 'submitted' };
      });
    },
  };
}
