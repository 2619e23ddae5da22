/**
 * The console's page models: everything in the agent's language (req.lng), whatever the tenant's;
 * each time twice, in the caller's zone (the tenant's) and the agent's own; statuses and what the
 * caller can do next as sentences.
 */
import type { Request } from 'express';
import { formatDateTime, formatList, formatNumber, timeZoneName } from '../i18n/format.js';
import { NATIVE_NAMES, isLanguage } from '../i18n/languages.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { PATH_PREFIX } from '../tenancy/resolve.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { AccountHit, BidHit, NoticeHit, SupplierHit } from './search-read.js';
import type { TicketRow } from './ticket-entries.js';

/** A text given per language, in the reader's, else the first there is. */
export const textIn = (req: Request, text: Record<string, string> | null | undefined) =>
  text ? (text[req.lng] ?? Object.values(text)[0] ?? '') : '';

export interface BothZones {
  caller: string;
  callerZone: string;
  agent: string;
  agentZone: string;
  /** The two zones are one: the time is written once. */
  same: boolean;
}

/** Writes instants in the caller's zone and in the agent's, in the agent's language. */
export function zonesFor(req: Request, tenant: TenantHandle) {
  const callerZone = tenant.config.timeZone;
  const agentZone = req.staff!.timeZone;
  const zoneName = (zone: string) => timeZoneName(zone, req.lng) ?? zone;
  const time = (at: Date | null | undefined, zone: string) => (at ? formatDateTime(at, req.lng, zone, 'latn') : '');
  const both = (at: Date | null | undefined): BothZones | undefined =>
    at
      ? {
          caller: time(at, callerZone),
          callerZone: zoneName(callerZone),
          agent: time(at, agentZone),
          agentZone: zoneName(agentZone),
          same: callerZone === agentZone,
        }
      : undefined;
  return { both, callerTime: (at: Date | null | undefined) => time(at, callerZone) };
}

/** A tenant as the console names and links it. */
export function tenantRef(req: Request, tenant: TenantHandle) {
  return {
    slug: tenant.slug,
    name: tenantDisplayName(tenant, req.lng),
    base: `/platform/console/${tenant.slug}`,
    portal: `${PATH_PREFIX[tenant.kind]}/${tenant.slug}`,
  };
}

export const languageName = (lng: string) => (isLanguage(lng) ? NATIVE_NAMES[lng] : lng);

export function rolesText(req: Request, roles: string[]): string {
  return formatList(
    roles.map((r) => req.t(`identity:role_${r.replace(/-/g, '_')}`)),
    req.lng,
  );
}

/** What a notice's state means for a caller, now. */
export function noticeNext(req: Request, n: NoticeHit, at: Date, zones: ReturnType<typeof zonesFor>): string {
  const deadline = zones.callerTime(n.submission_deadline);
  const opening = zones.callerTime(n.opening_at);
  if (n.status === 'planning') return req.t('callcenter:next_notice_draft');
  if (n.status === 'cancelled') return req.t('callcenter:next_notice_cancelled');
  if (n.status === 'unsuccessful') return req.t('callcenter:next_notice_unsuccessful');
  if (n.status === 'complete') return req.t('callcenter:next_notice_complete');
  if (n.opened_at) return req.t('callcenter:next_notice_opened');
  if (at < n.submission_deadline) return req.t('callcenter:next_notice_open', { deadline });
  return req.t('callcenter:next_notice_closed', { opening });
}

export function bidNext(req: Request, b: BidHit, at: Date, zones: ReturnType<typeof zonesFor>): string {
  if (b.status === 'replaced') return req.t('callcenter:next_bid_replaced');
  if (b.status === 'withdrawn') return req.t('callcenter:next_bid_withdrawn');
  if (b.notice.opened_at) return req.t('callcenter:next_bid_opened');
  if (at < b.notice.submission_deadline)
    return req.t('callcenter:next_bid_open', { deadline: zones.callerTime(b.notice.submission_deadline) });
  return req.t('callcenter:next_bid_closed', { opening: zones.callerTime(b.notice.opening_at) });
}

export function supplierNext(req: Request, s: SupplierHit, at: Date, zones: ReturnType<typeof zonesFor>): string {
  const debarred = s.debarred_from && s.debarred_from <= at && (!s.debarred_until || at < s.debarred_until);
  if (debarred)
    return s.debarred_until
      ? req.t('callcenter:next_supplier_debarred', { until: zones.callerTime(s.debarred_until) })
      : req.t('callcenter:next_supplier_debarred_indefinitely');
  if (s.status === 'approved' && s.valid_until && s.valid_until <= at) return req.t('callcenter:next_supplier_expired');
  return req.t(`callcenter:next_supplier_${s.status}`, { until: zones.callerTime(s.valid_until) });
}

export function accountNext(req: Request, a: AccountHit, heldUntil: string | undefined): string {
  if (a.status === 'deactivated') return req.t('callcenter:next_account_deactivated');
  if (heldUntil) return req.t('callcenter:next_account_held', { until: heldUntil });
  if (!a.email_verified_at) return req.t('callcenter:next_account_unverified');
  if (!a.totp_enabled_at) return req.t('callcenter:next_account_no_second_factor');
  return req.t('callcenter:next_account_ok');
}

export function statusOfNotice(req: Request, n: NoticeHit): string {
  return req.t(`notices:status_${n.status}`);
}

/** A ticket as a row of a list. */
export function ticketRow(req: Request, tenant: TenantHandle, t: TicketRow) {
  const zones = zonesFor(req, tenant);
  return {
    id: t.id,
    href: `/platform/tickets/${tenant.slug}/${t.id}`,
    number: t.ticket_no,
    tenantName: tenantDisplayName(tenant, req.lng),
    caller: t.caller_name,
    language: languageName(t.language),
    topic: req.t(`callcenter:topic_${t.topic.replace(/-/g, '_')}_name`),
    statusText: t.outcome
      ? req.t(`callcenter:outcome_${t.outcome.replace(/-/g, '_')}`)
      : req.t('callcenter:ticket_status_open'),
    assigned: t.assigned_staff_label,
    opened: zones.both(t.opened_at),
    followUp: zones.both(t.follow_up_at),
    followUpDue: t.status === 'open' && t.follow_up_at !== null && t.follow_up_at.getTime() <= Date.now(),
  };
}

export const countText = (req: Request, n: number) => formatNumber(n, req.lng);
