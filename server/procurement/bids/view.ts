/** The bid page's data for its template: the read model in the reader's language and time zone. */
import type { Request } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { formatDateTime, intlLocale } from '../../i18n/format.js';
import type { BidPage } from './read.js';

export function bidFormView(req: Request, page: BidPage, refusal?: FormRefusal) {
  const c = req.actor.tenant.config;
  const { notice, at } = page;
  const fmt = (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem);
  return {
    title: req.t('bids:title'),
    notice: {
      id: notice.id,
      noticeNo: notice.notice_no,
      titleText: notice.title[req.lng] ?? Object.values(notice.title)[0] ?? '',
      deadline: notice.submission_deadline.toISOString(),
      deadlineText: fmt(notice.submission_deadline),
      securityPercent: Number(notice.bid_security_percent),
      lots: notice.lots,
    },
    open: page.open,
    serverTime: at.toISOString(),
    serverTimeText: fmt(at),
    /** The Intl locale fmt() used: public/server-time.js keeps the time running in the same format. */
    serverTimeLocale: intlLocale(req.lng, c.numberingSystem),
    timeZone: c.timeZone,
    currency: c.currency,
    picks: Array.from({ length: page.candidates }, (_, i) => i + 1),
    picksPerBidder: page.picksPerBidder,
    receipts: page.receipts.map((b) => ({
      ...b,
      submittedText: fmt(b.submittedAt),
      statusLabel: req.t(`bids:status_${b.status}`),
      current: b.status === 'current',
    })),
    values: {},
    errors: {},
    ...refusal,
  };
}
