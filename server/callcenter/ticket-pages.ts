/** The ticket pages built from what the console read (console.ts), in the agent's language. */
import type { Request } from 'express';
import { formatNumber } from '../i18n/format.js';
import { LANGUAGES, NATIVE_NAMES } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { wallClockText } from '../time/zone.js';
import { CALL_OUTCOMES } from './catalog.js';
import { historyOf, key } from './console-pages.js';
import { languageName, tenantRef, ticketRow, zonesFor } from './console-view.js';
import type { TicketRow } from './ticket-entries.js';

/** The agent's open tickets: follow-ups due first, then by follow-up time, then the newest. */
export function myTicketRows(
  req: Request,
  lists: { tenant: TenantHandle; rows: TicketRow[] }[],
): ReturnType<typeof ticketRow>[] {
  const order = (t: TicketRow) => t.follow_up_at?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return lists
    .flatMap(({ tenant, rows }) => rows.map((row) => ({ row, line: ticketRow(req, tenant, row) })))
    .sort((a, b) => order(a.row) - order(b.row) || b.row.opened_at.getTime() - a.row.opened_at.getTime())
    .map((r) => r.line);
}

/** The queue page: tickets of the granted tenants, with the open count per tenant and language. */
export function ticketsPage(
  req: Request,
  lists: { tenant: TenantHandle; rows: TicketRow[]; queues: { language: string; count: number }[] }[],
  values: Record<string, unknown>,
  grantedTenants: TenantHandle[],
) {
  const rows = lists
    .flatMap(({ tenant, rows }) => rows.map((r) => ({ at: r.opened_at.getTime(), row: ticketRow(req, tenant, r) })))
    .sort((a, b) => b.at - a.at)
    .map((r) => r.row);
  return {
    title: req.t('callcenter:tickets_title'),
    values,
    tickets: rows,
    queues: lists.flatMap(({ tenant, queues }) =>
      queues.map((q) => ({
        tenantName: tenantRef(req, tenant).name,
        language: languageName(q.language),
        count: formatNumber(q.count, req.lng),
        href: `/platform/tickets?tenant=${tenant.slug}&language=${q.language}`,
      })),
    ),
    tenantOptions: grantedTenants.map((t) => ({ ...tenantRef(req, t), selected: t.slug === values.tenant })),
    languageOptions: LANGUAGES.map((l) => ({ value: l, name: NATIVE_NAMES[l], selected: l === values.language })),
    statusOptions: (['open', 'closed', 'all'] as const).map((v) => ({
      value: v,
      label: req.t(`callcenter:ticket_status_${v}`),
      selected: v === values.status,
    })),
  };
}

export function newTicketPage(req: Request, grantedTenants: TenantHandle[], values: Record<string, unknown>) {
  const chosen = grantedTenants.find((t) => t.slug === values.tenant) ?? grantedTenants[0];
  return {
    title: req.t('callcenter:ticket_new_title'),
    values,
    tenantOptions: grantedTenants.map((t) => ({ ...tenantRef(req, t), selected: t.slug === chosen?.slug })),
    languageOptions: LANGUAGES.map((l) => ({
      value: l,
      name: NATIVE_NAMES[l],
      selected: l === (values.language ?? chosen?.config.locales.default),
    })),
    topicOptions: (chosen?.config.callCenter.topics ?? []).map((t) => ({
      value: t,
      label: req.t(`callcenter:topic_${key(t)}_name`),
      selected: t === values.topic,
    })),
    zoneName: zonesFor(req, chosen!).both(new Date())?.agentZone,
  };
}

export interface TicketRead {
  tenant: TenantHandle;
  ticket: TicketRow;
  entries: { kind: string; staff_label: string; body: string; details: Record<string, unknown>; at: Date }[];
  history: TicketRow[];
  caller: { id: string; email: string; display_name: string } | undefined;
  agents: { id: string; email: string; displayName: string }[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function entryText(req: Request, e: TicketRead['entries'][number]): string {
  const d = e.details;
  switch (e.kind) {
    case 'identity-check':
      return req.t(d.passed ? 'callcenter:entry_check_passed' : 'callcenter:entry_check_failed', {
        answered: ((d.answered as string[]) ?? []).map((c) => req.t(`callcenter:check_${key(c)}`)).join(', ') || '—',
      });
    case 'action':
      return req.t('callcenter:entry_action', {
        action: req.t(`callcenter:action_${key(String(d.action))}`),
        email: text(d.email),
      });
    case 'handover':
      return req.t('callcenter:entry_handover', { to: text(d.to) });
    case 'closed':
      return req.t('callcenter:entry_closed', { outcome: req.t(`callcenter:outcome_${key(String(d.outcome))}`) });
    case 'article-sent':
      return req.t('callcenter:entry_article_sent', { article: text(d.title) || text(d.article) });
    default:
      return req.t(`callcenter:entry_${key(e.kind)}`);
  }
}

export function ticketPage(req: Request, read: TicketRead) {
  const { tenant, ticket } = read;
  const zones = zonesFor(req, tenant);
  const ref = tenantRef(req, tenant);
  return {
    title: req.t('callcenter:ticket_title', { number: ticket.ticket_no }),
    tenant: ref,
    ticket: {
      ...ticketRow(req, tenant, ticket),
      open: ticket.status === 'open',
      contact: ticket.caller_contact,
      closed: zones.both(ticket.closed_at),
      followUpValue: ticket.follow_up_at ? wallClockText(ticket.follow_up_at, req.staff!.timeZone) : '',
    },
    callerAccount: read.caller
      ? { ...read.caller, href: `${ref.base}/accounts/${read.caller.id}?ticket=${ticket.id}` }
      : undefined,
    callerSupplierHref: ticket.caller_supplier_id
      ? `${ref.base}/suppliers/${ticket.caller_supplier_id}?ticket=${ticket.id}`
      : '',
    knowledgeHref: `/platform/knowledge?tenant=${tenant.slug}&language=${ticket.language}`,
    entries: read.entries.map((e) => ({
      at: zones.both(e.at),
      who: e.staff_label,
      text: entryText(req, e),
      body: e.body,
    })),
    history: historyOf(req, tenant, read.history),
    agents: read.agents,
    outcomes: CALL_OUTCOMES.map((o) => ({ value: o, label: req.t(`callcenter:outcome_${key(o)}`) })),
    agentZone: zones.both(new Date())?.agentZone,
  };
}
