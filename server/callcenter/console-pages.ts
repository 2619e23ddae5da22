/** The console's pages built from what the console read (console.ts), in the agent's language. */
import type { Request } from 'express';
import { actionLabel } from '../audit/action-label.js';
import { formatMoney, formatNumber, intlLocale } from '../i18n/format.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { AccountView, NoticeView, SupplierView } from './caller-read.js';
import type { IdentityCheck } from './catalog.js';
import type { TenantResult } from './console.js';
import {
  accountNext,
  bidNext,
  languageName,
  noticeNext,
  rolesText,
  statusOfNotice,
  supplierNext,
  tenantRef,
  textIn,
  ticketRow,
  zonesFor,
} from './console-view.js';
import type { AccountHit, NoticeHit } from './search-read.js';
import type { TicketRow } from './ticket-entries.js';

export const key = (id: string) => id.replace(/-/g, '_');

function noticeLine(req: Request, tenant: TenantHandle, n: NoticeHit, at: Date, ticketQuery: string) {
  const zones = zonesFor(req, tenant);
  return {
    href: `${tenantRef(req, tenant).base}/notices/${n.id}${ticketQuery}`,
    number: n.notice_no,
    title: textIn(req, n.title),
    statusText: statusOfNotice(req, n),
    deadline: zones.both(n.submission_deadline),
    opening: zones.both(n.opening_at),
    next: noticeNext(req, n, at, zones),
  };
}

function accountLine(req: Request, tenant: TenantHandle, a: AccountHit, ticketQuery = '') {
  return {
    href: `${tenantRef(req, tenant).base}/accounts/${a.id}${ticketQuery}`,
    email: a.email,
    name: a.display_name,
    rolesText: rolesText(req, a.roles),
    statusText: req.t(`admin:status_${a.status}`),
    verified: a.email_verified_at !== null,
    secondFactor: a.totp_enabled_at !== null,
    next: accountNext(req, a, undefined),
  };
}

/** The search results, tenant by tenant. */
export function searchPage(req: Request, q: string | undefined, results: TenantResult[] | undefined) {
  const at = new Date();
  return {
    title: req.t('callcenter:console_title'),
    q: q ?? '',
    searched: results !== undefined,
    results: (results ?? []).map(({ tenant, hits }) => {
      const zones = zonesFor(req, tenant);
      const ref = tenantRef(req, tenant);
      return {
        tenant: ref,
        notices: hits.notices.map((n) => noticeLine(req, tenant, n, at, '')),
        bids: hits.bids.map((b) => ({
          receiptNo: b.receipt_no,
          statusText: req.t(`bids:status_${b.status}`),
          submitted: zones.both(b.submitted_at),
          supplier: textIn(req, b.legal_name),
          supplierHref: `${ref.base}/suppliers/${b.supplier_id}`,
          notice: noticeLine(req, tenant, b.notice, at, ''),
          next: bidNext(req, b, at, zones),
        })),
        suppliers: hits.suppliers.map((s) => ({
          href: `${ref.base}/suppliers/${s.id}`,
          name: textIn(req, s.legal_name),
          registrationNo: s.registration_no,
          statusText: req.t(`suppliers:status_${s.status}`),
          next: supplierNext(req, s, at, zones),
        })),
        accounts: hits.accounts.map((a) => accountLine(req, tenant, a)),
      };
    }),
  };
}

/** The ticket a view was opened for, and the address suffix that keeps it. */
function ticketContext(req: Request, tenant: TenantHandle, ticket: TicketRow | undefined) {
  return ticket
    ? { ticket: ticketRow(req, tenant, ticket), ticketQuery: `?ticket=${ticket.id}`, ticketId: ticket.id }
    : { ticketQuery: '' };
}

export function historyOf(req: Request, tenant: TenantHandle, tickets: TicketRow[]) {
  return tickets.map((t) => ticketRow(req, tenant, t));
}

export function accountPage(
  req: Request,
  seen: {
    tenant: TenantHandle;
    view: AccountView & { identityCheck?: { passed: boolean; at: Date } | undefined; resetPending?: boolean };
    ticket: TicketRow | undefined;
    heldUntil: Date | null;
  },
  done?: string,
) {
  const { tenant, view, ticket, heldUntil } = seen;
  const zones = zonesFor(req, tenant);
  const held = zones.both(heldUntil);
  const context = ticketContext(req, tenant, ticket);
  const { identityChecks, checksRequired } = tenant.config.callCenter;
  const open = ticket?.status === 'open';
  const actions = [
    { id: 'resend-verification', show: view.status === 'active' && !view.email_verified_at },
    { id: 'unlock', show: heldUntil !== null },
    { id: 'password-reset', show: view.status === 'active' },
    { id: 'second-factor-reset', show: view.totp_enabled_at !== null && !view.resetPending },
  ]
    .filter((a) => a.show)
    .map((a) => ({
      id: a.id,
      label: req.t(`callcenter:action_${key(a.id)}`),
      hint: req.t(`callcenter:action_${key(a.id)}_hint`),
      // The administrator who approves reads why the agent asks.
      needsReason: a.id === 'second-factor-reset',
    }));
  return {
    title: view.display_name,
    tenant: tenantRef(req, tenant),
    ...context,
    ticketOpen: open,
    newTicketHref: `/platform/tickets/new?tenant=${tenant.slug}&user=${view.id}`,
    account: {
      ...accountLine(req, tenant, view),
      id: view.id,
      next: accountNext(req, view, held?.caller),
      language: view.locale ? languageName(view.locale) : '',
      supplier: textIn(req, view.supplier_name),
      supplierHref: view.supplier_id
        ? `${tenantRef(req, tenant).base}/suppliers/${view.supplier_id}${context.ticketQuery}`
        : '',
      verifiedAt: zones.both(view.email_verified_at),
      secondFactorAt: zones.both(view.totp_enabled_at),
      lastLogin: zones.both(view.last_login_at),
      passwordChanged: zones.both(view.password_changed_at),
      created: zones.both(view.created_at),
      held,
    },
    signIns: view.signIns.map((s) => ({
      at: zones.both(s.at),
      result: s.ok ? req.t('callcenter:sign_in_ok') : req.t('callcenter:sign_in_failed'),
      ok: s.ok,
      address: s.client_address ?? '',
    })),
    devices: view.devices.map((d) => ({
      device: d.device_id.slice(0, 8),
      last: zones.both(d.last_at),
      count: formatNumber(d.sign_ins, req.lng),
    })),
    checklist: identityChecks.map((c: IdentityCheck) => ({ id: c, label: req.t(`callcenter:check_${key(c)}`) })),
    checksRequiredText: req.t('callcenter:checks_required', { count: checksRequired }),
    actions,
    doneText: done ? req.t(`callcenter:done_${key(done)}`) : '',
    identityText: view.identityCheck
      ? req.t(view.identityCheck.passed ? 'callcenter:identity_passed' : 'callcenter:identity_not_passed', {
          at: zones.callerTime(view.identityCheck.at),
        })
      : '',
    identityPassed: view.identityCheck?.passed === true,
    resetPendingText: view.resetPending ? req.t('callcenter:reset_pending') : '',
    history: historyOf(req, tenant, view.tickets),
  };
}

export function supplierPage(
  req: Request,
  seen: { tenant: TenantHandle; view: SupplierView; ticket: TicketRow | undefined },
) {
  const { tenant, view, ticket } = seen;
  const zones = zonesFor(req, tenant);
  const at = new Date();
  const context = ticketContext(req, tenant, ticket);
  const ref = tenantRef(req, tenant);
  return {
    title: textIn(req, view.legal_name),
    tenant: ref,
    ...context,
    newTicketHref: `/platform/tickets/new?tenant=${tenant.slug}&supplier=${view.id}`,
    supplier: {
      name: textIn(req, view.legal_name),
      registrationNo: view.registration_no,
      taxId: view.tax_id,
      representative: view.representative,
      email: view.contact_email,
      phone: view.contact_phone,
      statusText: req.t(`suppliers:status_${view.status}`),
      next: supplierNext(req, view, at, zones),
      submitted: zones.both(view.submitted_at),
      decided: zones.both(view.decided_at),
      decisionReason: view.decision_reason ?? '',
      validUntil: zones.both(view.valid_until),
      debarredFrom: zones.both(view.debarred_from),
      debarredUntil: zones.both(view.debarred_until),
      debarmentReason: view.debarment_reason ?? '',
    },
    accounts: view.accounts.map((a) => accountLine(req, tenant, a, context.ticketQuery)),
    submissions: view.submissions.map((s) => ({
      receiptNo: s.receipt_no,
      statusText: req.t(`bids:status_${s.status}`),
      submitted: zones.both(s.submitted_at),
      withdrawn: zones.both(s.withdrawn_at),
      notice: noticeLine(req, tenant, s.notice, at, context.ticketQuery),
    })),
    history: historyOf(req, tenant, view.tickets),
  };
}

/** A public timeline step in words: amounts in the tenant's currency, days written out. */
function stepLabel(req: Request, tenant: TenantHandle, kind: string, params: Record<string, string | number>): string {
  const { currency } = tenant.config;
  const days = dateTimeFormat(intlLocale(req.lng), { dateStyle: 'long', timeZone: 'UTC' });
  const readable = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      k === 'amount'
        ? formatMoney(v, currency, req.lng)
        : /On$/.test(k) && typeof v === 'string'
          ? days.format(new Date(`${v}T00:00:00Z`))
          : k === 'action' && typeof v === 'string'
            ? actionLabel(req, v)
            : v,
    ]),
  );
  return req.t(`timeline:step_${key(kind)}`, readable);
}

export function noticePage(
  req: Request,
  seen: { tenant: TenantHandle; view: NoticeView; ticket: TicketRow | undefined },
) {
  const { tenant, view, ticket } = seen;
  const zones = zonesFor(req, tenant);
  const context = ticketContext(req, tenant, ticket);
  return {
    title: textIn(req, view.title),
    tenant: tenantRef(req, tenant),
    ...context,
    notice: {
      ...noticeLine(req, tenant, view, new Date(), context.ticketQuery),
      agency: textIn(req, view.agency_name),
      published: zones.both(view.published_at),
      cancellationReason: view.cancellation_reason ?? '',
      openingText: view.opening
        ? req.t(`callcenter:opening_${view.opening.outcome}`, { at: zones.callerTime(view.opening.opened_at) })
        : req.t('callcenter:opening_pending'),
    },
    addenda: view.addenda.map((a) => ({
      number: formatNumber(a.number, req.lng),
      summary: a.summary,
      issued: zones.both(a.issued_at),
      extended: a.extended_by_rule,
      outage: a.outage_reason
        ? req.t('callcenter:addendum_outage', {
            reason: a.outage_reason,
            from: zones.callerTime(a.outage_starts_at),
            to: zones.callerTime(a.outage_ends_at),
          })
        : '',
    })),
    steps: view.steps.map((s) => ({ at: zones.both(s.at), label: stepLabel(req, tenant, s.kind, s.params) })),
  };
}
