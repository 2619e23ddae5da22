/** The verification report as the auditor's page shows it: one verdict per signature, in words. */
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n/languages.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { contractFormat } from './page-model.js';
import type { VerificationReport } from './signing.js';

export function verificationModel(tenant: TenantHandle, lng: Language, t: TFunction, report: VerificationReport) {
  const f = contractFormat(tenant, lng);
  return {
    ...report,
    signatures: report.signatures.map((s) => ({
      ...s,
      partyLabel: t(`contracts:party_${s.party}`),
      signedText: f.time(new Date(s.signedAt)),
      verdictLabel: t(`contracts:verdict_${s.verdict.replace('-', '_')}`),
      valid: s.verdict === 'valid',
    })),
  };
}
