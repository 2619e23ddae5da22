/**
 * A contract as the pages and the printable document show it, in one language: names, amounts
 * and dates formatted for the reader, the rule behind the deposit, what the reader may do next.
 */
import { amountInWords, wordsLanguage } from '../../i18n/amount-in-words.js';
import type { TFunction } from 'i18next';
import { formatDateTime, formatMoney, intlLocale } from '../../i18n/format.js';
import { dateTimeFormat } from '../../i18n/intl-cache.js';
import type { Language } from '../../i18n/languages.js';
import { can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { textIn, type ContractContent } from './content.js';
import { depositRule } from './terms.js';
import type { ContractDetail } from './read.js';
import type { AmendmentRow } from './records.js';

export function contractFormat(tenant: TenantHandle, lng: Language) {
  const c = tenant.config;
  return {
    money: (amount: number | string) => formatMoney(amount, c.currency, lng, c.numberingSystem),
    day: (day: string) =>
      dateTimeFormat(intlLocale(lng, c.numberingSystem), { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
    time: (at: Date) => formatDateTime(at, lng, c.timeZone, c.numberingSystem),
    text: (text: Record<string, string> | null | undefined) => textIn(text, lng, c.locales.default),
  };
}

type Format = ReturnType<typeof contractFormat>;

/** The deposit the rule asks, and the guarantee on record (for insiders). */
function depositModel(f: Format, t: TFunction, detail: ContractDetail) {
  const c = detail.contract;
  const rule = depositRule(c.applied_rules);
  return {
    percent: Number(c.deposit_percent),
    amountText: f.money(c.deposit_amount),
    rule,
    line: t('contracts:deposit_line', { percent: Number(c.deposit_percent), rule }),
    recorded: detail.deposit && {
      kindLabel: t(`contracts:kind_${detail.deposit.kind}`),
      issuer: detail.deposit.issuer,
      reference: detail.deposit.reference,
      amountText: f.money(detail.deposit.amount),
      validUntilText: detail.deposit.valid_until ? f.day(detail.deposit.valid_until) : '',
      enough: Number(detail.deposit.amount) >= Number(c.deposit_amount),
    },
  };
}

/** One amendment, its changes in sentences. */
function amendmentModel(f: Format, t: TFunction, a: AmendmentRow) {
  const ch = a.changes;
  return {
    number: a.number,
    toVersion: a.to_version,
    reason: a.reason,
    issuedText: f.time(a.issued_at),
    lines: [
      ...(ch.endsOn ? [t('contracts:changed_end', { from: f.day(ch.endsOn.from), to: f.day(ch.endsOn.to) })] : []),
      ...(ch.value ? [t('contracts:changed_value', { from: f.money(ch.value.from), to: f.money(ch.value.to) })] : []),
      ...(ch.deliverables ?? []).flatMap((d) => [
        ...(d.dueOn
          ? [t('contracts:changed_due', { number: d.number, from: f.day(d.dueOn.from), to: f.day(d.dueOn.to) })]
          : []),
        ...(d.amount
          ? [
              t('contracts:changed_amount', {
                number: d.number,
                from: f.money(d.amount.from),
                to: f.money(d.amount.to),
              }),
            ]
          : []),
      ]),
    ],
  };
}

export function contractModel(
  tenant: TenantHandle,
  lng: Language,
  t: TFunction,
  detail: ContractDetail,
  user?: SessionUser,
) {
  const f = contractFormat(tenant, lng);
  const c = detail.contract;
  const content = c.content;
  // A delivery order's contract (contracts.order_id) has no notice: its order's number names it.
  const origin = content as { notice?: ContractContent['notice']; order?: { orderNo: string } };
  const open = c.status === 'awaiting-signatures' || c.status === 'active';
  const signedNow = new Set(detail.signatures.filter((s) => s.version === c.version).map((s) => s.party));
  return {
    id: c.id,
    contractNo: c.contract_no,
    version: c.version,
    status: c.status,
    statusLabel: t(`contracts:status_${c.status}`),
    title: origin.notice ? f.text(origin.notice.title) : (origin.order?.orderNo ?? ''),
    noticeNo: origin.notice?.noticeNo ?? null,
    noticeId: c.notice_id,
    agencyName: f.text(content.parties.agency.name),
    supplierName: f.text(content.parties.supplier.legalName),
    registrationNo: content.parties.supplier.registrationNo,
    valueText: f.money(c.value),
    valueInWords: amountInWords(c.value, tenant.config.currency, lng),
    valueWordsLanguage: wordsLanguage(lng),
    startsText: f.day(c.starts_on),
    endsText: f.day(c.ends_on),
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    contentHash: c.content_hash,
    deposit: depositModel(f, t, detail),
    deliverables: detail.deliverables.map((d) => ({
      number: d.number,
      title: d.title,
      amountText: f.money(d.amount),
      dueText: f.day(d.due_on),
      dueOn: d.due_on,
      safetyRelated: d.safety_related,
    })),
    signatures: detail.signatures.map((s) => ({
      partyLabel: t(`contracts:party_${s.party}`),
      version: s.version,
      current: s.version === c.version,
      signerName: s.signer_name,
      signedText: f.time(s.signed_at),
      keyId: s.key_id,
    })),
    supplierSigned: signedNow.has('supplier'),
    agencySigned: signedNow.has('agency'),
    amendments: detail.amendments.map((a) => amendmentModel(f, t, a)),
    terminated: c.status === 'terminated' && {
      reason: c.termination_reason,
      atText: c.terminated_at ? f.time(c.terminated_at) : '',
    },
    insider: detail.insider,
    canDeposit: open && detail.party === 'supplier',
    canSign: c.status === 'awaiting-signatures' && !!detail.party && !signedNow.has(detail.party),
    needsCode: !!user?.secondFactorEnabled,
    canManage: open && detail.party === 'agency',
    canVerify: can(user, 'contracts:verify'),
  };
}

export type ContractModel = ReturnType<typeof contractModel>;
