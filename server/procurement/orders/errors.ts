/** The refusals of budget lines, the cart, placing orders and the supplier's decision. */
import { AppError, NotFoundError } from '../../http/errors.js';
import type { FieldDetail } from '../../http/errors.js';

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('order_not_found', 'orders:order_not_found');
  }
}

export class PriceNotFoundError extends NotFoundError {
  constructor() {
    super('price_not_found', 'orders:price_not_found');
  }
}

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('product_not_found', 'orders:product_not_found');
  }
}

/** A refusal of the order that a field explains (problem+json with field details; the form shows it). */
export class OrderRefusedError extends AppError {
  constructor(key: string, params: Record<string, unknown> = {}, field?: string, status = 422) {
    const details: FieldDetail[] = field ? [{ field, key: `orders:${key}`, params }] : [];
    super(key, status, `orders:${key}`, params, details);
  }
}

export class CartEmptyError extends AppError {
  constructor() {
    super('cart_empty', 409, 'orders:cart_empty');
  }
}

export class OrderNotAwaitingError extends AppError {
  constructor(orderNo: string) {
    super('order_not_awaiting', 409, 'orders:order_not_awaiting', { order: orderNo });
  }
}

export class BudgetLineExistsError extends AppError {
  constructor(code: string) {
    super('budget_line_exists', 409, 'orders:budget_line_exists', { code }, [
      { field: 'code', key: 'orders:budget_line_exists', params: { code } },
    ]);
  }
}
