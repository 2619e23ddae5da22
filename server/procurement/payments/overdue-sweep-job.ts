/**
 * Job `payments-overdue-sweep` (daily, in the tenant's time zone): approved invoices still unpaid
 * after their due date are reported to the buying agency's officers by e-mail, once per invoice
 * (`overdue_notified_at`), and audited. Running it twice tells nobody twice.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { systemActor, type Actor } from '../../identity/actor.js';
import type { JobHandler } from '../../jobs/runner.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { agencyOfficers } from '../deliveries/contract-access.js';
import { dayFor, moneyFor } from './support.js';

const SWEEP = { actor: { type: 'system' as const, label: 'payments-overdue-sweep' } };

interface OverdueInvoice {
  id: string;
  invoice_no: string;
  amount: string;
  due_on: string;
  contract_id: string;
  contract_no: string;
  agency_id: string;
  notice_id: string | null;
  notice_no: string | null;
}

/** Approved invoices past their due date nobody was told about yet, locked (another sweep skips them). */
function overdueInvoices(tx: Knex.Transaction, tenant: TenantHandle): Promise<OverdueInvoice[]> {
  return (
    tx('invoices as i')
      .join('contracts as c', 'c.id', 'i.contract_id')
      // A delivery order's contract has no notice: its order's number stands in.
      .leftJoin('notices as n', 'n.id', 'c.notice_id')
      .leftJoin('delivery_orders as o', 'o.id', 'c.order_id')
      .where('i.status', 'approved')
      .whereNull('i.overdue_notified_at')
      .whereRaw('i.due_on < (app_now() at time zone ?)::date', [tenant.config.timeZone])
      .orderBy('i.due_on')
      .forUpdate('i')
      .skipLocked()
      .select<OverdueInvoice[]>(
        'i.id',
        'i.invoice_no',
        'i.amount',
        tx.raw('i.due_on::text as due_on'),
        'c.id as contract_id',
        'c.contract_no',
        'c.agency_id',
        'n.id as notice_id',
        tx.raw('coalesce(n.notice_no, o.order_no) as notice_no'),
      )
  );
}

export function paymentsOverdueSweepJob(services: Pick<Deps, 'audit' | 'mailer'>): JobHandler {
  /** Tells the agency's officers about one invoice, marks it told and audits it; gives the e-mails sent. */
  async function report(tx: Knex.Transaction, actor: Actor, invoice: OverdueInvoice): Promise<number> {
    const tenant = actor.tenant;
    await tx('invoices')
      .where({ id: invoice.id })
      .update({ overdue_notified_at: tx.raw('app_now()') });
    const officers = await agencyOfficers(tx, invoice.agency_id);
    for (const officer of officers) {
      await services.mailer.queue(tx, tenant, {
        to: officer.email,
        locale: officer.locale,
        template: 'invoice_overdue',
        params: {
          name: officer.display_name,
          invoice: invoice.invoice_no,
          contract: invoice.contract_no,
          notice: invoice.notice_no ?? '',
          amount: moneyFor(tenant, invoice.amount, officer.locale),
          due: dayFor(tenant, invoice.due_on, officer.locale),
        },
      });
    }
    await services.audit.record(tx, tenant, actor.audit, {
      action: 'invoice.overdue',
      target: { type: 'invoice', id: invoice.id },
      summary: {
        contract: invoice.contract_id,
        notice: invoice.notice_id,
        invoiceNo: invoice.invoice_no,
        dueOn: invoice.due_on,
        officersTold: officers.length,
      },
    });
    return officers.length;
  }

  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const actor = systemActor(tenant, SWEEP);
      const overdue = await overdueInvoices(tx, tenant);
      let told = 0;
      for (const invoice of overdue) told += await report(tx, actor, invoice);
      return { overdue: overdue.length, emails: told };
    });
}
