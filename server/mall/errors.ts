/** The mall's refusals: an offer it does not show (not in force, or never was). */
import { NotFoundError } from '../http/errors.js';

export class OfferNotFoundError extends NotFoundError {
  constructor() {
    super('offer_not_found', 'mall:offer_not_found');
  }
}
