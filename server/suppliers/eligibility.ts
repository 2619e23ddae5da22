/**
 * May this supplier bid now? Only approved, unexpired and non-debarred suppliers may; a refusal
 * says why and, for a debarment, until when.
 */
export interface SupplierStanding {
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  valid_until: Date | null;
  debarred_from: Date | null;
  debarred_until: Date | null;
  debarment_reason: string | null;
}

export type Eligibility =
  | { eligible: true }
  | { eligible: false; reason: 'not-approved' | 'registration-expired' }
  | { eligible: false; reason: 'debarred'; until: Date; why: string };

export function bidEligibility(supplier: SupplierStanding, now: Date): Eligibility {
  if (
    supplier.debarred_from &&
    supplier.debarred_until &&
    supplier.debarred_from <= now &&
    now < supplier.debarred_until
  ) {
    return {
      eligible: false,
      reason: 'debarred',
      until: supplier.debarred_until,
      why: supplier.debarment_reason ?? '',
    };
  }
  if (supplier.status !== 'approved') return { eligible: false, reason: 'not-approved' };
  if (!supplier.valid_until || supplier.valid_until <= now) return { eligible: false, reason: 'registration-expired' };
  return { eligible: true };
}
