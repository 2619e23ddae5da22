/** The refusals of the contracts feature: the same ids, statuses and messages everywhere. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class ContractNotFoundError extends NotFoundError {
  constructor() {
    super('contract_not_found', 'contracts:not_found');
  }
}

export class AwardNotFoundError extends NotFoundError {
  constructor() {
    super('award_not_found', 'contracts:award_not_found');
  }
}

export class AwardNotFinalError extends AppError {
  constructor(status: string) {
    super('award_not_final', 409, 'contracts:award_not_final', { status });
  }
}

export class ContractExistsError extends AppError {
  constructor() {
    super('contract_exists', 409, 'contracts:already_generated');
  }
}

/** Changes are possible only while the contract is awaiting signatures or running. */
export class ContractClosedError extends AppError {
  constructor(status: string) {
    super('contract_closed', 409, 'contracts:closed', { status });
  }
}

/** Too many failed re-authentications before signing. */
export class ReauthThrottledError extends AppError {
  constructor(minutes: number) {
    super('reauth_throttled', 429, 'identity:login_throttled', { minutes });
  }
}

export class NotAwaitingSignaturesError extends AppError {
  constructor(status: string) {
    super('not_awaiting_signatures', 409, 'contracts:not_awaiting_signatures', { status });
  }
}

export class AlreadySignedError extends AppError {
  constructor(version: number) {
    super('already_signed', 409, 'contracts:already_signed', { version });
  }
}

/** The agency signs after the winner's deposit is on record. */
export class DepositMissingError extends AppError {
  constructor(amount: string) {
    super('deposit_missing', 409, 'contracts:deposit_first', { amount });
  }
}
