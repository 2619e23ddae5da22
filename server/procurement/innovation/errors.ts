/** The refusals of innovative-product designations and test purchases. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('innovative_product_not_found', 'innovation:product_not_found');
  }
}

export class TestPurchaseNotFoundError extends NotFoundError {
  constructor() {
    super('test_purchase_not_found', 'innovation:test_purchase_not_found');
  }
}

/** Only a registered (approved) supplier's product may be designated. */
export class SupplierNotRegisteredError extends AppError {
  constructor() {
    super('supplier_not_registered', 422, 'innovation:supplier_not_registered', {}, [
      { field: 'supplierId', key: 'innovation:supplier_not_registered' },
    ]);
  }
}

export class AlreadyRevokedError extends AppError {
  constructor(designationNo: string) {
    super('designation_revoked', 409, 'innovation:already_revoked', { designationNo });
  }
}

/** The product's designation is not in force today (revoked, expired or not yet started). */
export class NotDesignatedError extends AppError {
  constructor(designationNo: string) {
    super('not_designated', 409, 'innovation:not_designated', { designationNo });
  }
}

/** A test purchase whose total passes the tenant's test-purchase limit. */
export class AboveTestLimitError extends AppError {
  constructor(total: string, limit: string) {
    super('above_test_purchase_limit', 422, 'innovation:above_test_limit', { total, limit }, [
      { field: 'quantity', key: 'innovation:above_test_limit', params: { total, limit } },
    ]);
  }
}

/** Maker-checker: whoever asked for the test purchase does not decide it. */
export class OwnRequestError extends AppError {
  constructor() {
    super('own_request', 409, 'innovation:own_request');
  }
}

export class WrongStatusError extends AppError {
  constructor(status: string) {
    super('test_purchase_status', 409, `innovation:not_${status === 'requested' ? 'requested' : 'approved'}`);
  }
}
