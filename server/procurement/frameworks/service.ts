/** The framework agreement services the pages and the API share. */
import type { Deps } from '../../deps.js';
import { priceChangesService } from './price-changes.js';
import { termsService } from './terms.js';

export function frameworksService(deps: Pick<Deps, 'audit'>) {
  return { ...termsService(deps), ...priceChangesService(deps) };
}
