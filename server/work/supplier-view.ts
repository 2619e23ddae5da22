/** The supplier's section as shown: bids with their receipts, matching notices, questions, contracts and invoices. */
import type { ViewRequest, WorkFormats } from './formats.js';
import type { OwnBid, SupplierWork } from './supplier-read.js';

/** Where a bid stands, from the bidder's side. */
function bidState(b: OwnBid, now: Date): string {
  if (b.status === 'withdrawn') return 'withdrawn';
  if (b.awarded) return 'awarded';
  if (b.noticeStatus === 'cancelled') return 'cancelled';
  if (b.openedAt) return 'opened';
  return b.submissionDeadline > now ? 'sealed' : 'closed';
}

export function supplierModel(req: ViewRequest, f: WorkFormats, work: SupplierWork, now: Date) {
  const base = req.baseUrl;
  return {
    bids: work.bids.map((b) => {
      const open = b.noticeStatus === 'active' && b.submissionDeadline > now;
      return {
        receiptNo: b.receiptNo,
        submittedText: f.time(b.submittedAt),
        noticeNo: b.noticeNo,
        titleText: f.title(b.title),
        stateLabel: req.t(`work:bid_${bidState(b, now)}`),
        closesText: open
          ? req.t('work:closes', { time: f.time(b.submissionDeadline), relative: f.relative(b.submissionDeadline) })
          : '',
        // The bid page lists the receipts and allows a replacement or a withdrawal until the deadline.
        href: open ? `${base}/notices/${b.noticeId}/bid` : `${base}/notices/${b.noticeId}`,
      };
    }),
    matching: work.matching.map((n) => ({
      noticeNo: n.noticeNo,
      titleText: f.title(n.title),
      categoryLabel: req.t(`suppliers:category_${n.category}`),
      closesText: req.t('work:closes', {
        time: f.time(n.submissionDeadline),
        relative: f.relative(n.submissionDeadline),
      }),
      href: `${base}/notices/${n.id}`,
      bidHref: `${base}/notices/${n.id}/bid`,
    })),
    questions: work.questions.map((q) => ({
      noticeNo: q.noticeNo,
      titleText: f.title(q.title),
      question: q.question,
      askedText: f.time(q.askedAt),
      stateLabel: q.answeredAt
        ? req.t('work:question_answered', { time: f.time(q.answeredAt) })
        : req.t('work:question_waiting'),
      href: `${base}/notices/${q.noticeId}#questions-heading`,
    })),
    contracts: work.contracts.map((c) => ({
      contractNo: c.contractNo,
      titleText: f.title(c.title),
      valueText: f.money(c.value),
      statusLabel: req.t(`contracts:status_${c.status}`),
      toSign: c.awaitingOurSignature,
      href: `${base}/contracts/${c.id}`,
      invoicesHref: `${base}/contracts/${c.id}/invoices`,
      deliveriesHref: `${base}/contracts/${c.id}/deliveries`,
    })),
    invoices: work.invoices.map((i) => ({
      invoiceNo: i.invoiceNo,
      contractNo: i.contractNo,
      amountText: f.money(i.amount),
      statusLabel: req.t(`payments:status_${i.status}`),
      submittedText: f.time(i.submittedAt),
      dueText: i.dueOn ? f.day(i.dueOn) : '',
      href: `${base}/contracts/${i.contractId}/invoices`,
    })),
  };
}
