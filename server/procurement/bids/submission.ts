/**
 * Submitting a sealed bid, step by step, inside one transaction: the bid against its notice
 * (biddable.ts), the supplier's standing with the receipt's serial, the receipt hash, then the
 * sealed bid written in one statement with its audit entry, the receipt e-mail and, when the bidder
 * confirmed it with a passkey, the verified assertion (passkeys/bid-confirmation.ts), and its sealed
 * files. Nothing here reads a sealed envelope back: only the opening can (opening/service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { sealLabel } from '../../crypto/sealed-box.js';
import { together } from '../../db/together.js';
import type { Deps } from '../../deps.js';
import { formatDateTime } from '../../i18n/format.js';
import { isLanguage } from '../../i18n/languages.js';
import type { Actor } from '../../identity/actor.js';
import { confirmBid, type BidPasskey, type VerifiedConfirmation } from '../../passkeys/bid-confirmation.js';
import type { ClientDevice } from '../../identity/devices.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { CheckedDocument } from '../../suppliers/documents.js';
import { bidEligibility, type SupplierStanding } from '../../suppliers/eligibility.js';
import { inTenantReading } from '../../tenancy/tenant-context.js';
import { assertAttendedBriefings } from '../../briefings/attendance-rule.js';
import {
  assertOnTime,
  biddableNoticeFrom,
  biddableNoticeRead,
  checkAgainstNotice,
  type OpenNotice,
} from './biddable.js';
import { checkedPriceList } from '../frameworks/price-list.js';
import { BidInProgressError, NotEligibleError } from './errors.js';
import {
  envelopesOf,
  receiptNumber,
  submissionHash,
  type PriceEnvelope,
  type Receipt,
  type TechnicalEnvelope,
} from './receipt.js';
import type { BidInput } from './schema.js';

export type BidDeps = Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>;

/** A bid as submitted: the validated form or JSON, the client's device, and the checked files. */
export interface SubmitBid extends BidInput {
  device: ClientDevice;
  files?: CheckedDocument[];
  /** The bidder's passkey confirmation, when the page asked the authenticator for one. */
  passkey?: BidPasskey;
}

/** A bid ready to be sealed and written: its ids, its envelopes and its receipt hash. */
interface SealedDraft {
  bidId: string;
  receiptNo: string;
  notice: OpenNotice;
  lot: number;
  at: Date;
  price: PriceEnvelope;
  technical: TechnicalEnvelope;
  sha256: string;
  /** The receipt number of the bid this one replaces. */
  replaced: string | null;
  /** The verified passkey assertion, written with the bid. */
  confirmation: VerifiedConfirmation | null;
}

type Seal = (label: string, plaintext: Buffer) => string;

interface Standing {
  registrationNo: string;
  serial: string;
  replaced: string | null;
}

type StandingRow = SupplierStanding & { registration_no: string; serial: string; replaced: string | null };

/**
 * The supplier's standing, the receipt's serial, and the replacement of the current bid, in one
 * statement, sent with BEGIN and the notice's read (inTenantReading), so after the notice's lock.
 * Values inlined as escaped literals: the simple protocol has no parameters. Should the bid be
 * refused (late, unknown lot, supplier not eligible) the replacement is undone with the
 * transaction; only the serial's number is spent, as with any rollback.
 */
function standingRead(noticeId: string, lot: number, supplierId: string | null): string {
  const literal = (value: string | null) => (value === null ? 'null' : pg.escapeLiteral(value));
  return `with replaced as (
      update bids set status = 'replaced'
       where notice_id = ${literal(noticeId)} and lot = ${literal(String(lot))}
         and supplier_id = ${literal(supplierId)} and status = 'current'
      returning receipt_no)
    select status, valid_until, debarred_from, debarred_until, debarment_reason, registration_no,
           nextval('bid_receipt_serial') as serial, (select receipt_no from replaced) as replaced
      from suppliers where id = ${literal(supplierId)}`;
}

/** The supplier's standing from that read's rows, checked at the bid's time. */
function standingFrom(rows: unknown[], at: Date): Standing {
  const supplier = rows[0] as StandingRow | undefined;
  if (!supplier) throw new NotEligibleError('not-approved');
  const standing = bidEligibility(supplier, at);
  if (!standing.eligible)
    throw standing.reason === 'debarred'
      ? new NotEligibleError('debarred', { until: standing.until.toISOString().slice(0, 10), why: standing.why })
      : new NotEligibleError(standing.reason);
  return { registrationNo: supplier.registration_no, serial: supplier.serial, replaced: supplier.replaced };
}

/** The receipt number, the two envelopes and the salted hash over all of it. */
function draftOf(
  bid: { notice: OpenNotice; at: Date; input: SubmitBid; picks: number[] },
  standing: Standing,
  confirmation: VerifiedConfirmation | null,
): SealedDraft {
  const { notice, at, input } = bid;
  const receiptNo = receiptNumber(notice, standing.serial);
  // A passkey-confirmed bid's salt is the nonce its authenticator signed over.
  const { price, technical } = envelopesOf(input, bid.picks, input.files ?? [], confirmation?.nonce);
  const sha256 = submissionHash({
    receiptNo,
    noticeNo: notice.notice_no,
    lot: input.lot,
    supplier: standing.registrationNo,
    submittedAt: at.toISOString(),
    price,
    technical,
  });
  return {
    bidId: randomUUID(),
    receiptNo,
    notice,
    lot: input.lot,
    at,
    price,
    technical,
    sha256,
    replaced: standing.replaced,
    confirmation,
  };
}

/** The bid row with both envelopes sealed under the tender key (an unsent write). */
function sealedBidWrite(
  tx: Knex.Transaction,
  seal: Seal,
  draft: SealedDraft,
  by: { user: SessionUser; device: ClientDevice; slug: string },
): Knex.QueryBuilder {
  const { bidId, notice } = draft;
  const sealed = (envelope: 'price' | 'technical', value: unknown) =>
    seal(sealLabel(by.slug, notice.id, bidId, envelope), Buffer.from(JSON.stringify(value)));
  return tx('bids').insert({
    id: bidId,
    notice_id: notice.id,
    lot: draft.lot,
    supplier_id: by.user.supplierId,
    submitted_by: by.user.id,
    receipt_no: draft.receiptNo,
    sealed_price: sealed('price', draft.price),
    sealed_technical: sealed('technical', draft.technical),
    submission_hash: draft.sha256,
    client_address: by.device.address,
    device_id: by.device.deviceId,
    user_agent_hash: by.device.userAgentHash,
    submitted_at: draft.at,
  });
}

/** The audit entry and the receipt e-mail with its job, as unsent writes. */
function auditAndMail(
  deps: BidDeps,
  tx: Knex.Transaction,
  submission: { actor: Actor; user: SessionUser; draft: SealedDraft; files: number },
): Knex.QueryBuilder[] {
  const { actor, user, draft } = submission;
  const { tenant } = actor;
  const config = tenant.config;
  const audit = deps.audit.entryWrite(tx, tenant, actor.audit, {
    at: draft.at,
    action: draft.replaced ? 'bid.replaced' : 'bid.submitted',
    target: { type: 'bid', id: draft.bidId },
    summary: {
      notice: draft.notice.id,
      receiptNo: draft.receiptNo,
      sha256: draft.sha256,
      lot: draft.lot,
      files: submission.files,
      replaced: draft.replaced,
      key: 'tender-key sealed',
      ...(draft.confirmation ? { passkey: draft.confirmation.credentialId } : {}),
    },
  });
  const mail = deps.mailer.compose(tx, tenant, {
    to: user.email,
    locale: user.locale,
    template: 'bid_receipt',
    params: {
      name: user.displayName,
      notice: draft.notice.notice_no ?? '',
      receipt: draft.receiptNo,
      hash: draft.sha256,
      time: formatDateTime(
        draft.at,
        isLanguage(user.locale) ? user.locale : config.locales.default,
        config.timeZone,
        config.numberingSystem,
      ),
    },
  });
  return [audit.write, ...mail.writes];
}

/** The bid, its audit entry and the receipt e-mail with its job: one statement. */
async function writeTogether(writes: Knex.QueryBuilder[]): Promise<void> {
  try {
    await together(...writes);
  } catch (error) {
    // Two submissions of one supplier racing: the other one holds the current bid.
    if ((error as { constraint?: string }).constraint === 'bids_one_current') throw new BidInProgressError();
    throw error;
  }
}

/** Each file's name and content sealed under the tender key. */
async function writeSealedFiles(
  tx: Knex.Transaction,
  seal: Seal,
  bid: { slug: string; draft: SealedDraft },
  files: CheckedDocument[],
): Promise<void> {
  for (const file of files) {
    const fileId = randomUUID();
    const label = sealLabel(bid.slug, bid.draft.notice.id, `${bid.draft.bidId}/${fileId}`, 'file');
    await tx('bid_files').insert({
      id: fileId,
      bid_id: bid.draft.bidId,
      sealed_name: seal(`${label}-name`, Buffer.from(file.fileName)),
      sealed_content: Buffer.from(seal(label, file.content)),
      content_hash: file.sha256,
      size: file.size,
      media_type: file.contentType,
    });
  }
}

function receiptOf(draft: SealedDraft): Receipt {
  return {
    bidId: draft.bidId,
    receiptNo: draft.receiptNo,
    noticeNo: draft.notice.notice_no ?? '',
    lot: draft.lot,
    status: 'current',
    submittedAt: draft.at.toISOString(),
    sha256: draft.sha256,
    salt: draft.technical.salt,
    files: draft.technical.files,
    replaced: draft.replaced,
    ...(draft.confirmation ? { passkeyCredentialId: draft.confirmation.credentialId } : {}),
  };
}

/**
 * Submits a sealed bid; a new one replaces the supplier's current bid for the lot. The tenant's
 * clock inside the writing transaction decides lateness.
 */
export function submitBid(deps: BidDeps, actor: Actor, noticeId: string, input: SubmitBid): Promise<Receipt> {
  const user = actor.user;
  assertCan(user, 'bids:submit');
  const { tenant } = actor;
  const files = input.files ?? [];
  // Three statements in one round trip: BEGIN with the tenant's binding, the notice, the standing.
  const reads = [biddableNoticeRead(noticeId), standingRead(noticeId, input.lot, user.supplierId)];
  return inTenantReading(tenant, reads, async (tx, [noticeRows, standingRows]) => {
    const { notice, at } = biddableNoticeFrom(noticeRows!);
    assertOnTime(notice, at);
    const picks = checkAgainstNotice(tenant.config, notice, at, input);
    const standing = standingFrom(standingRows!, at);
    // Only where the tenant's briefing-attendance rule made a briefing of this notice mandatory.
    await assertAttendedBriefings(tx, tenant.config, notice.id, user.supplierId);
    // A framework notice's price list, checked and sorted; none for any other notice.
    const priceList = await checkedPriceList(tx, notice.id, input);
    const bid = priceList ? { ...input, priceList } : input;
    const content = { ...input, files };
    const confirmation = await confirmBid(tx, { config: tenant.config, user, noticeId, at, content }, input.passkey);
    const draft = draftOf({ notice, at, input: bid, picks }, standing, confirmation);
    const seal = await deps.sealedBox.sealer(tx, tenant.slug, notice);
    const bidWrite = sealedBidWrite(tx, seal, draft, { user, device: input.device, slug: tenant.slug });
    // The assertion refers to the bid: foreign keys are checked at the end of the one statement.
    const assertion = confirmation ? [confirmation.write(tx, draft.bidId)] : [];
    await writeTogether([
      ...auditAndMail(deps, tx, { actor, user, draft, files: files.length }),
      ...assertion,
      bidWrite,
    ]);
    await writeSealedFiles(tx, seal, { slug: tenant.slug, draft }, files);
    return receiptOf(draft);
  });
}
