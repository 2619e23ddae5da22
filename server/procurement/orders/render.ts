/**
 * The order pages as the reader sees them: budget lines, the cart with its checkout, the agency's
 * orders, the supplier's incoming orders, one order (with the quote form of an invited party), and
 * the direct order of an innovative product when refused. Money, dates and statuses in words.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { formatsFor } from '../deliveries/format.js';
import { listBudgetLines } from './budget-lines.js';
import { cartService } from './cart.js';
import { agencyOrders, incomingOrders, orderDetail, type OrderSummary } from './read.js';

const text = (req: Request, value: Record<string, string> | null | undefined) =>
  value ? (value[req.lng] ?? Object.values(value)[0] ?? '') : '';

/** The refusal's summary: the field's own message when there is one (it says what to change). */
const messageOf = (refusal?: FormRefusal) =>
  refusal ? (Object.values(refusal.errors)[0] ?? refusal.error) : undefined;

export const statusLabel = (req: Request, status: string) => req.t(`orders:status_${status.replace(/-/g, '_')}`);

function summaryView(req: Request, o: OrderSummary) {
  const f = formatsFor(req);
  return {
    id: o.id,
    orderNo: o.orderNo,
    placedText: f.time(o.placedAt),
    deliverByText: f.day(o.deliverBy),
    supplierText: o.supplier ? text(req, o.supplier) : req.t('orders:supplier_pending'),
    totalText: o.total === null ? '' : f.money(o.total),
    statusLabel: statusLabel(req, o.status),
    kindLabel: req.t(`orders:kind_${o.kind.replace(/-/g, '_')}`),
  };
}

async function budgetOptions(req: Request, selected?: unknown) {
  const f = formatsFor(req);
  const lines = await listBudgetLines(req.actor);
  return lines.map((l) => ({
    id: l.id,
    code: l.code,
    labelText: text(req, l.label),
    amountText: f.money(l.amount),
    committedText: f.money(l.committed),
    remainingText: f.money(l.remaining),
    selected: l.id === selected,
  }));
}

export async function budgetLinesPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  res.render('orders/budget-lines', {
    title: req.t('orders:budget_lines_title'),
    lines: await budgetOptions(req),
    refusal: refusal && { ...refusal, error: messageOf(refusal) },
  });
}

export async function cartPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const f = formatsFor(req);
  const { groups, total } = await cartService().read(req.actor);
  res.render('orders/cart', {
    title: req.t('orders:cart_title'),
    groups: groups.map((g) => ({
      agreementNo: g.agreementNo,
      agreementText: text(req, g.agreementTitle),
      supplierText: text(req, g.supplierName),
      totalText: f.money(g.total),
      lines: g.lines.map((l) => ({
        ...l,
        descriptionText: text(req, l.description),
        unitPriceText: f.money(l.unitPrice),
        amountText: f.money(l.amount),
      })),
    })),
    totalText: f.money(total),
    empty: groups.length === 0,
    budgetLines: await budgetOptions(req, refusal?.values.budgetLineId),
    refusal: refusal && { ...refusal, error: messageOf(refusal) },
  });
}

export async function ordersPage(req: Request, res: Response): Promise<void> {
  res.render('orders/list', {
    title: req.t('orders:orders_title'),
    orders: (await agencyOrders(req.actor)).map((o) => summaryView(req, o)),
  });
}

export async function incomingPage(req: Request, res: Response): Promise<void> {
  const { awaiting, invited } = await incomingOrders(req.actor);
  res.render('orders/incoming', {
    title: req.t('orders:incoming_title'),
    awaiting: awaiting.map((o) => summaryView(req, o)),
    invited: invited.map((o) => summaryView(req, o)),
  });
}

export async function orderPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const f = formatsFor(req);
  const o = await orderDetail(req.actor, String(req.params.id));
  const c = o.competition;
  res.render('orders/detail', {
    title: req.t('orders:order_title', { order: o.orderNo }),
    order: {
      ...summaryView(req, o),
      deliveryAddress: o.deliveryAddress,
      declineReason: o.declineReason,
      agreementNo: o.agreementNo,
      budgetLineText: o.budgetLine ? `${o.budgetLine.code} ${text(req, o.budgetLine.label)}` : null,
      contractId: o.contractId,
      contractNo: o.contractNo,
    },
    lines: o.lines.map((l) => ({
      ...l,
      unitPriceText: l.unitPrice === null ? '' : f.money(l.unitPrice),
      amountText: l.amount === null ? '' : f.money(l.amount),
      ceilingText: o.ceilings[l.number] ? f.money(o.ceilings[l.number]!) : '',
      value: refusal?.values[`price.${l.number}`] ?? '',
    })),
    showPrices: o.lines.some((l) => l.unitPrice !== null),
    competition: c && {
      closesText: f.time(c.closesAt),
      statusLabel: req.t(`competition:status_${c.status}`),
      open: c.open,
      quotes: c.quotes.map((q) => ({
        ...q,
        supplierText: text(req, q.supplier),
        submittedText: f.time(q.submittedAt),
        totalText: q.total === null ? '' : f.money(q.total),
      })),
      ownReceipt: c.ownReceipt && { ...c.ownReceipt, submittedText: f.time(c.ownReceipt.submittedAt) },
    },
    canDecide: o.role === 'supplier' && o.status === 'awaiting-supplier',
    canQuote: o.role === 'invited' && !!c?.open,
    refusal: refusal && { ...refusal, error: messageOf(refusal) },
  });
}

/** The direct order of an innovative product, shown again with its message when refused. */
export async function innovativePage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  res.render('orders/innovative', {
    title: req.t('orders:innovative_title'),
    productId: String(req.params.productId),
    values: refusal?.values ?? {},
    budgetLines: await budgetOptions(req, refusal?.values.budgetLineId),
    refusal: refusal && { ...refusal, error: messageOf(refusal) },
  });
}
