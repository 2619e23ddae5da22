/** What the conflict pages read outside a transaction of their own: a company's people for auditors. */
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { SupplierPeopleNotFoundError } from './errors.js';
import type { CompanyPerson } from './matching.js';
import { peopleOf } from './people.js';

/**
 * A company's owners and directors for those who read the integrity red flags (auditors and the
 * tenant's administrators): they need to see who a shared-owner flag is about.
 */
export async function readSupplierPeople(
  actor: Actor,
  supplierId: string,
): Promise<{ name: Record<string, string>; registrationNo: string; people: CompanyPerson[] }> {
  assertCan(actor.user, 'integrity:read');
  return inTenant(actor.tenant, async (tx) => {
    const supplier = await tx('suppliers')
      .where({ id: supplierId })
      .first<{ legal_name: Record<string, string>; registration_no: string } | undefined>(
        'legal_name',
        'registration_no',
      );
    if (!supplier) throw new SupplierPeopleNotFoundError();
    const people = (await peopleOf(tx, [supplierId])).get(supplierId) ?? [];
    return { name: supplier.legal_name, registrationNo: supplier.registration_no, people };
  });
}
