/**
 * What the contracts API answers, and the schemas the API document shows for it (amounts in
 * minor units, dates as YYYY-MM-DD, times as ISO 8601).
 */
import { z } from 'zod';
import type { ContractDetail, ContractList } from './read.js';

const Text = z.record(z.string(), z.string()).describe('Text by language');
const Day = z.iso.date();
const Change = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t });

export const ContractAnswer = z.object({
  id: z.uuid(),
  contractNo: z.string(),
  version: z.number().int(),
  status: z.enum(['awaiting-signatures', 'active', 'completed', 'terminated']),
  awardId: z.uuid(),
  noticeId: z.uuid(),
  value: z.number().int(),
  currency: z.string(),
  startsOn: Day,
  endsOn: Day,
  contentHash: z.string(),
  content: z.record(z.string(), z.unknown()).describe('The signed document, as hashed (RFC 8785)'),
  deposit: z.object({
    percent: z.number(),
    amount: z.number().int(),
    rules: z.array(z.string()),
    recorded: z
      .object({
        kind: z.enum(['bank-guarantee', 'insurance-bond', 'cash']),
        issuer: z.string(),
        reference: z.string(),
        amount: z.number().int(),
        validUntil: Day.nullable(),
        recordedAt: z.iso.datetime(),
      })
      .nullable()
      .describe('The parties and auditors only'),
  }),
  appliedRules: z.array(z.string()),
  deliverables: z.array(
    z.object({
      number: z.number().int(),
      title: z.string(),
      amount: z.number().int(),
      dueOn: Day,
      safetyRelated: z.boolean(),
      status: z.string(),
    }),
  ),
  signatures: z.array(
    z.object({
      party: z.enum(['supplier', 'agency']),
      version: z.number().int(),
      signerName: z.string(),
      signedAt: z.iso.datetime(),
      contentHash: z.string(),
      keyId: z.string(),
      serverSignature: z.string(),
    }),
  ),
  amendments: z.array(
    z.object({
      number: z.number().int(),
      fromVersion: z.number().int(),
      toVersion: z.number().int(),
      reason: z.string(),
      issuedAt: z.iso.datetime(),
      endsOn: Change(Day).nullable(),
      value: Change(z.number().int()).nullable(),
      deliverables: z.array(
        z.object({
          number: z.number().int(),
          dueOn: Change(Day).optional(),
          amount: Change(z.number().int()).optional(),
        }),
      ),
    }),
  ),
  terminatedAt: z.iso.datetime().nullable(),
  terminationReason: z.string().nullable(),
});

export const ContractListAnswer = z.object({
  contracts: z.array(
    z.object({
      id: z.uuid(),
      contractNo: z.string(),
      status: z.string(),
      version: z.number().int(),
      value: z.number().int(),
      title: Text,
      supplier: Text,
    }),
  ),
  awardsReady: z
    .array(
      z.object({
        awardId: z.uuid(),
        noticeNo: z.string().nullable(),
        title: Text,
        supplier: Text,
        amount: z.number().int(),
      }),
    )
    .describe("Officers: their agency's final awards still without a contract"),
});

export const DepositAnswer = z.object({ id: z.uuid() });

export const SignatureAnswer = z.object({
  party: z.enum(['supplier', 'agency']),
  version: z.number().int(),
  signedAt: z.iso.datetime(),
  keyId: z.string(),
  status: z.string().describe("The contract's status after this signature"),
});

export const AmendmentAnswer = z.object({
  number: z.number().int(),
  version: z.number().int(),
  contentHash: z.string(),
});

export const VerificationAnswer = z.object({
  contractId: z.uuid(),
  contractNo: z.string(),
  version: z.number().int(),
  storedHash: z.string(),
  recomputedHash: z.string(),
  contentIntact: z.boolean(),
  keyId: z.string(),
  publicKey: z.string().describe('Raw Ed25519 public key, base64'),
  algorithm: z.literal('Ed25519'),
  publicKeys: z.array(z.object({ keyId: z.string(), version: z.number().int(), publicKey: z.string() })),
  signatures: z.array(
    z.object({
      party: z.enum(['supplier', 'agency']),
      version: z.number().int(),
      current: z.boolean(),
      signerId: z.uuid(),
      signerName: z.string(),
      signedAt: z.iso.datetime(),
      contentHash: z.string(),
      keyId: z.string(),
      keyVersion: z.number().int().nullable(),
      verdict: z.enum(['valid', 'content-changed', 'signature-invalid']),
    }),
  ),
  allValid: z.boolean(),
});

/** The list as the API gives it: numbers as numbers, awards by `awardId`. */
export function contractListJson({ contracts, awardsReady }: ContractList) {
  return {
    contracts: contracts.map((r) => ({
      id: r.id,
      contractNo: r.contract_no,
      status: r.status,
      version: r.version,
      value: Number(r.value),
      title: r.title,
      supplier: r.supplier,
    })),
    awardsReady: awardsReady.map((a) => ({
      awardId: a.id,
      noticeNo: a.notice_no,
      title: a.title,
      supplier: a.supplier,
      amount: Number(a.amount),
    })),
  };
}

/** The JSON the API answers with for one contract. */
export function contractJson(d: ContractDetail) {
  const c = d.contract;
  return {
    id: c.id,
    contractNo: c.contract_no,
    version: c.version,
    status: c.status,
    awardId: c.award_id,
    noticeId: c.notice_id,
    value: Number(c.value),
    currency: c.content.currency,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    contentHash: c.content_hash,
    content: c.content,
    deposit: {
      percent: Number(c.deposit_percent),
      amount: Number(c.deposit_amount),
      rules: c.applied_rules,
      recorded: d.deposit
        ? {
            kind: d.deposit.kind,
            issuer: d.deposit.issuer,
            reference: d.deposit.reference,
            amount: Number(d.deposit.amount),
            validUntil: d.deposit.valid_until,
            recordedAt: d.deposit.recorded_at.toISOString(),
          }
        : null,
    },
    appliedRules: c.applied_rules,
    deliverables: d.deliverables.map((x) => ({
      number: x.number,
      title: x.title,
      amount: Number(x.amount),
      dueOn: x.due_on,
      safetyRelated: x.safety_related,
      status: x.status,
    })),
    signatures: d.signatures.map((s) => ({
      party: s.party,
      version: s.version,
      signerName: s.signer_name,
      signedAt: s.signed_at.toISOString(),
      contentHash: s.content_hash,
      keyId: s.key_id,
      serverSignature: s.server_signature,
    })),
    amendments: d.amendments.map((a) => ({
      number: a.number,
      fromVersion: a.from_version,
      toVersion: a.to_version,
      reason: a.reason,
      issuedAt: a.issued_at.toISOString(),
      endsOn: a.changes.endsOn ?? null,
      value: a.changes.value ?? null,
      deliverables: a.changes.deliverables ?? [],
    })),
    terminatedAt: c.terminated_at?.toISOString() ?? null,
    terminationReason: c.termination_reason,
  };
}
