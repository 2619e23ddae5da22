/** What the notice page shows about bidding and opening, for the public and the agency's officers. */
import type { Request } from 'express';
import { formatDateTime, formatMoney } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import type { NoticeRow } from '../notices/read.js';
import type { OpeningState } from './read.js';

/** The opening as read with the notice's page (notices/page-read.ts), for the reader. */
export function openingView(req: Request, notice: NoticeRow, { record, at, decision }: OpeningState) {
  const c = req.actor.tenant.config;
  const money = (v: number | null) => (v === null ? null : formatMoney(v, c.currency, req.lng, c.numberingSystem));
  const manager = can(req.user, 'notices:manage', notice.agency_id);
  return {
    canBid:
      notice.status === 'active' &&
      !notice.opened_at &&
      at < notice.submission_deadline &&
      can(req.user, 'bids:submit'),
    canOpen: manager && notice.status === 'active' && !notice.opened_at && at >= notice.opening_at,
    failed: manager && notice.status_details === 'failed',
    directDecision: decision,
    opening: record && {
      ...record,
      openedText: formatDateTime(new Date(record.openedAt), req.lng, c.timeZone, c.numberingSystem),
      outcomeLabel: req.t(`opening:outcome_${record.outcome}`),
      bids: record.bids.map((b) => ({
        ...b,
        supplierName: b.supplier.name[req.lng] ?? Object.values(b.supplier.name)[0] ?? '',
        priceText: money(b.price),
        securityText: money(b.bidSecurityAmount),
        picksText: b.picks?.join(', ') ?? '',
        invalidLabel: b.invalidReason ? req.t(`opening:invalid_${b.invalidReason.replace(/-/g, '_')}`) : null,
      })),
      reserve: record.reserve && {
        ...record.reserve,
        reserveText: money(record.reserve.reservePrice),
        rows: record.reserve.candidates.map((value, i) => ({
          number: i + 1,
          valueText: money(value),
          count: record.reserve!.counts[i] ?? 0,
          chosen: record.reserve!.chosen.includes(i + 1),
        })),
      },
      flags: record.flags.map((f) => ({
        label: req.t(
          f.kind === 'same-authenticator'
            ? 'passkeys:flag_same_authenticator'
            : `opening:flag_${f.kind.replace(/-/g, '_')}`,
        ),
        receipts: f.receipts,
      })),
    },
  };
}
