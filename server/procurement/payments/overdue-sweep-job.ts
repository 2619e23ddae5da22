/**
 * Job `payments-overdue-sweep` (daily, in the tenant's time zone): approved invoices still unpaid
 * after their due date are reported to the buying agency's officers by e-mail, once per invoice
 * (`overdue_notified_at`), and audited. Running it twice tells nobody twice.
 */
import type { JobHandler } from '../../jobs/runner.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { agencyOfficers } from '../deliveries/contract-access.js';
import { dayFor, moneyFor } from './support.js';

const SWEEP = { actor: { type: 'system' as const, label: 'payments-overdue-sweep' } };

export function paymentsOverdueSweepJob(services: Pick<Deps, 'audit' | 'mailer'>): JobHandler {
  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const overdue = await tx('invoices as i')
        .join('contracts as c', 'c.id', 'i.contract_id')
        .join('notices as n', 'n.id', 'c.notice_id')
        .where('i.status', 'approved')
        .whereNull('i.overdue_notified_at')
        .whereRaw('i.due_on < (app_now() at time zone ?)::date', [tenant.config.timeZone])
        .orderBy('i.due_on')
        .forUpdate('i')
        .skipLocked()
        .select<
          {
            id: string;
            invoice_no: string;
            amount: string;
            due_on: string;
            contract_id: string;
            contract_no: string;
            agency_id: string;
            notice_id: string;
            notice_no: string | null;
          }[]
        >(
          'i.id',
          'i.invoice_no',
          'i.amount',
          tx.raw('i.due_on::text as due_on'),
          'c.id as contract_id',
          'c.contract_no',
          'c.agency_id',
          'n.id as notice_id',
          'n.notice_no',
        );
      let told = 0;
      for (const invoice of overdue) {
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
          told++;
        }
        await services.audit.record(tx, tenant, SWEEP, {
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
      }
      return { overdue: overdue.length, emails: told };
    });
}
