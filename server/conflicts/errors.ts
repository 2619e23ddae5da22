/** The refusals of conflict-of-interest checks and of declared relations. */
import { AppError, NotFoundError } from '../http/errors.js';

export class RelationNotFoundError extends NotFoundError {
  constructor() {
    super('relation_not_found', 'conflicts:relation_not_found');
  }
}

/**
 * A declaration of no conflict refused because a relation or the evaluator's own name matches a
 * bidder; the seat was blocked (and the officer told) before this was thrown.
 */
export class SeatBlockedError extends AppError {
  constructor(companies: string) {
    super('seat_blocked', 409, 'conflicts:seat_blocked', { companies });
  }
}

export class SupplierPeopleNotFoundError extends NotFoundError {
  constructor() {
    super('supplier_not_found', 'conflicts:supplier_not_found');
  }
}
