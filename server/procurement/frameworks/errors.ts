/** The refusals of framework agreements: terms, price lists, price changes. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class AgreementNotFoundError extends NotFoundError {
  constructor() {
    super('framework_not_found', 'frameworks:not_found');
  }
}

export class PriceNotFoundError extends NotFoundError {
  constructor() {
    super('framework_price_not_found', 'frameworks:price_not_found');
  }
}

export class ChangeNotFoundError extends NotFoundError {
  constructor() {
    super('framework_change_not_found', 'frameworks:change_not_found');
  }
}

/** Terms are set while the notice is a draft; a published notice changes by addendum only. */
export class TermsLockedError extends AppError {
  constructor() {
    super('framework_terms_locked', 409, 'frameworks:terms_locked');
  }
}

/** Price changes happen under an active agreement only. */
export class AgreementNotActiveError extends AppError {
  constructor() {
    super('framework_not_active', 409, 'frameworks:not_active');
  }
}

export class ChangeOpenError extends AppError {
  constructor() {
    super('framework_change_open', 409, 'frameworks:change_open');
  }
}

export class ChangeDecidedError extends AppError {
  constructor() {
    super('framework_change_decided', 409, 'frameworks:change_decided');
  }
}

/** The rule refuses the change: the price named is the most it may become. */
export class PriceChangeRefusedError extends AppError {
  constructor(reason: 'above-ceiling' | 'increase-too-large', params: { max: string; version: number }) {
    super('framework_price_change_refused', 422, `frameworks:refused_${reason.replace(/-/g, '_')}`, params);
  }
}
