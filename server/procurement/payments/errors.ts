/** The refusals of invoices and payments: the same ids, statuses and messages everywhere. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class InvoiceNotFoundError extends NotFoundError {
  constructor() {
    super('invoice_not_found', 'payments:invoice_not_found');
  }
}

/** Approved or rejected already (the message names the status it has). */
export class InvoiceAlreadyDecidedError extends AppError {
  constructor(status: string, invoice: string) {
    super('invoice_already_decided', 409, `payments:cannot_decide_${status}`, { invoice });
  }
}

/** Only an approved invoice is paid (the message names the status it has). */
export class InvoiceNotApprovedError extends AppError {
  constructor(status: string, invoice: string) {
    super('invoice_not_approved', 409, `payments:cannot_pay_${status}`, { invoice });
  }
}
