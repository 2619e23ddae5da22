/** The refusals of deliveries and inspections (and of invoices, which follow the same contract). */
import { AppError, NotFoundError } from '../../http/errors.js';

export class ContractNotFoundError extends NotFoundError {
  constructor() {
    super('contract_not_found', 'deliveries:contract_not_found');
  }
}

export class DeliverableNotFoundError extends NotFoundError {
  constructor() {
    super('deliverable_not_found', 'deliveries:deliverable_not_found');
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor() {
    super('delivery_not_found', 'deliveries:delivery_not_found');
  }
}

/** Deliveries, inspections, invoices and payments happen under an active contract only. */
export class ContractNotActiveError extends AppError {
  constructor(contract: string) {
    super('contract_not_active', 409, 'deliveries:contract_not_active', { contract });
  }
}

export class AwaitingInspectionError extends AppError {
  constructor(number: number) {
    super('awaiting_inspection', 409, 'deliveries:awaiting_inspection', { number });
  }
}

export class AlreadyAcceptedError extends AppError {
  constructor(number: number) {
    super('already_accepted', 409, 'deliveries:already_accepted', { number });
  }
}

export class AlreadyInspectedError extends AppError {
  constructor(attempt: number) {
    super('already_inspected', 409, 'deliveries:already_inspected', { attempt });
  }
}
