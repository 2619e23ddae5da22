/**
 * Electronic signatures. Each party (the supplier's administrator, the officer of the agency)
 * signs the current version after re-authenticating in the same request: password, and the
 * second factor when the account has one. The server then countersigns
 * {contractNo, version, contentHash, party, signerId, signerName, signedAt} (canonical JSON) with
 * the tenant's Ed25519 key, so anyone holding the public key can check who signed what, when.
 * Each signature keeps the id of the key that made it; verification recomputes the content hash
 * and checks every countersignature with that key, an earlier version's if the tenant has had a
 * new data key since (every version's public key stays published).
 */
import { sign as edSign, verify as edVerify } from 'node:crypto';
import type { Knex } from 'knex';
import type { SigningKeyPair } from '../../crypto/keyring.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can, ForbiddenError } from '../../identity/policy.js';
import { verifyPassword } from '../../identity/passwords.js';
import { checkTotp, recordTotpStep, useRecoveryCode } from '../../identity/second-factor.js';
import type { SessionUser, UserRow } from '../../identity/users.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { canonicalJson, contentHash, type ContractRow, type SignatureRow } from './content.js';
import { AlreadySignedError, DepositMissingError, NotAwaitingSignaturesError, ReauthThrottledError } from './errors.js';
import { amendmentsOf, latestDeposit, loadContract, mailSupplier, signaturesOf } from './records.js';
import { moneyText } from './terms.js';
import type { SignInput } from './schema.js';

export type Party = 'supplier' | 'agency';
export type SignatureVerdict = 'valid' | 'content-changed' | 'signature-invalid';

/** Exactly what the server signs for one party's signature. */
export function signedPayload(
  contract: { contract_no: string },
  s: Omit<SignatureRow, 'id' | 'contract_id' | 'server_signature' | 'key_id'>,
) {
  return canonicalJson({
    contractNo: contract.contract_no,
    version: s.version,
    contentHash: s.content_hash,
    party: s.party,
    signerId: s.signer_id,
    signerName: s.signer_name,
    signedAt: s.signed_at.toISOString(),
  });
}

/** Which side the user signs for, if any. */
export function partyOf(user: SessionUser | undefined, contract: ContractRow): Party | undefined {
  if (can(user, 'contracts:sign-own', contract.supplier_id)) return 'supplier';
  if (can(user, 'notices:manage', contract.agency_id)) return 'agency';
  return undefined;
}

/** A failed re-authentication: refused field by field, audited after the rollback. */
class ReauthFailed extends ValidationError {
  constructor(
    readonly field: 'password' | 'code',
    key: string,
  ) {
    super([{ field, key }]);
  }
}

async function reauthenticate(
  services: Pick<Deps, 'keys'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  userId: string,
  input: SignInput,
): Promise<UserRow> {
  const account = await tx<UserRow>('users').where({ id: userId }).forUpdate().first();
  if (!account || account.status !== 'active' || !(await verifyPassword(account.password_hash, input.password)))
    throw new ReauthFailed('password', 'contracts:password_wrong');
  if (account.totp_enabled_at) {
    if (!input.code) throw new ReauthFailed('code', 'contracts:code_required');
    const step = await checkTotp(await services.keys.forTenant(tx, tenant.slug), account, input.code);
    if (step !== null) await recordTotpStep(tx, account.id, step);
    else if (!(await useRecoveryCode(tx, account.id, input.code)))
      throw new ReauthFailed('code', 'contracts:code_wrong');
  }
  return account;
}

/** The side the user signs for, if the contract awaits that side's signature of this version. */
async function signingParty(
  tx: Knex.Transaction,
  actor: Actor,
  contract: ContractRow,
): Promise<{ party: Party; complete: boolean }> {
  const party = partyOf(actor.user, contract);
  if (!party) throw new ForbiddenError('contracts:sign');
  if (contract.status !== 'awaiting-signatures') throw new NotAwaitingSignaturesError(contract.status);
  const current = (await signaturesOf(tx, contract.id)).filter((s) => s.version === contract.version);
  if (current.some((s) => s.party === party)) throw new AlreadySignedError(contract.version);
  if (party === 'agency') {
    const deposit = await latestDeposit(tx, contract.id);
    if (!deposit || Number(deposit.amount) < Number(contract.deposit_amount))
      throw new DepositMissingError(moneyText(actor.tenant, actor.audit.locale ?? '', contract.deposit_amount));
  }
  return { party, complete: current.length === 1 };
}

/** Recomputes the content hash and checks every countersignature with the key that made it. */
function verificationReport(
  contract: ContractRow,
  hashes: Map<number, string>,
  signatures: SignatureRow[],
  keys: SigningKeyPair[],
) {
  const recomputed = hashes.get(contract.version)!;
  const checked = signatures.map((s) => {
    const signer = keys.find((k) => k.keyId === s.key_id);
    const authentic =
      signer !== undefined &&
      edVerify(
        null,
        Buffer.from(signedPayload(contract, s), 'utf8'),
        signer.publicKey,
        Buffer.from(s.server_signature, 'base64'),
      );
    const verdict: SignatureVerdict = !authentic
      ? 'signature-invalid'
      : hashes.get(s.version) === s.content_hash
        ? 'valid'
        : 'content-changed';
    return {
      party: s.party,
      version: s.version,
      current: s.version === contract.version,
      signerId: s.signer_id,
      signerName: s.signer_name,
      signedAt: s.signed_at.toISOString(),
      contentHash: s.content_hash,
      keyId: s.key_id,
      keyVersion: signer?.version ?? null,
      verdict,
    };
  });
  const key = keys[0]!;
  return {
    contractId: contract.id,
    contractNo: contract.contract_no,
    version: contract.version,
    storedHash: contract.content_hash,
    recomputedHash: recomputed,
    contentIntact: recomputed === contract.content_hash,
    keyId: key.keyId,
    publicKey: key.publicKeyRaw,
    algorithm: 'Ed25519',
    /** Every version's public key, newest first: signatures made before a new data key verify with theirs. */
    publicKeys: keys.map((k) => ({ keyId: k.keyId, version: k.version, publicKey: k.publicKeyRaw })),
    signatures: checked,
    allValid: checked.length > 0 && checked.every((s) => s.verdict === 'valid'),
  };
}

export interface Signed {
  party: Party;
  version: number;
  signedAt: string;
  keyId: string;
  status: string;
}

export function signingService(services: Pick<Deps, 'audit' | 'mailer' | 'keys' | 'throttle'>) {
  /** Signs inside the transaction: checks, re-authenticates, countersigns, stores, tells the supplier. */
  async function signNow(actor: Actor, user: SessionUser, contractId: string, input: SignInput): Promise<Signed> {
    const tenant = actor.tenant;
    return inTenant(tenant, async (tx) => {
      const contract = await loadContract(tx, contractId, { lock: true });
      const { party, complete } = await signingParty(tx, actor, contract);
      const account = await reauthenticate(services, tx, tenant, user.id, input);
      const key = (await services.keys.forTenant(tx, tenant.slug)).signingKey('contract-signing');
      const signature = {
        version: contract.version,
        party,
        signer_id: account.id,
        signer_name: account.display_name,
        content_hash: contract.content_hash,
        signed_at: await now(tx),
      };
      const payload = Buffer.from(signedPayload(contract, signature), 'utf8');
      const serverSignature = edSign(null, payload, key.privateKey).toString('base64');
      await tx('contract_signatures').insert({
        contract_id: contract.id,
        ...signature,
        server_signature: serverSignature,
        key_id: key.keyId,
      });
      if (complete) await tx('contracts').where({ id: contract.id }).update({ status: 'active' });
      await services.audit.record(tx, tenant, actor.audit, {
        action: 'contract.signed',
        target: { type: 'contract', id: contract.id },
        summary: {
          party,
          version: contract.version,
          contentHash: contract.content_hash,
          keyId: key.keyId,
          ...(complete ? { status: 'active' } : {}),
        },
        at: signature.signed_at,
      });
      if (complete)
        await mailSupplier(services, tx, tenant, contract.supplier_id, 'contract_signed', () => ({
          contract: contract.contract_no,
          version: contract.version,
        }));
      return {
        party,
        version: contract.version,
        signedAt: signature.signed_at.toISOString(),
        keyId: key.keyId,
        status: complete ? 'active' : contract.status,
      };
    });
  }

  return {
    /** Signs the current version; failed re-authentications count towards the throttle and are audited. */
    async sign(actor: Actor, contractId: string, input: SignInput): Promise<Signed> {
      const { tenant, audit } = actor;
      const user = actor.user;
      assertCan(user, 'account:use');
      const address = audit.clientAddress ?? 'unknown';
      const verdict = await services.throttle.check(tenant.slug, user.email, address);
      if (!verdict.allowed) throw new ReauthThrottledError(Math.ceil(verdict.retryAfterSeconds / 60));
      try {
        const result = await signNow(actor, user, contractId, input);
        await services.throttle.succeeded(tenant.slug, user.email, address);
        return result;
      } catch (error) {
        if (!(error instanceof ReauthFailed)) throw error;
        await services.throttle.failed(tenant.slug, user.email, address);
        await inTenant(tenant, (tx) =>
          services.audit.record(tx, tenant, audit, {
            action: 'contract.sign-refused',
            target: { type: 'contract', id: contractId },
            summary: { reason: error.field === 'password' ? 'invalid-password' : 'invalid-second-factor' },
          }),
        );
        throw error;
      }
    },

    /** Recomputes the content hash and checks every countersignature with the key that made it. */
    async verify(actor: Actor, contractId: string) {
      assertCan(actor.user, 'contracts:verify');
      return inTenant(actor.tenant, async (tx) => {
        const keys = (await services.keys.forTenant(tx, actor.tenant.slug)).signingKeys('contract-signing');
        const contract = await loadContract(tx, contractId);
        // What each version's content hashes to now: the current one from the contract, earlier
        // ones from the content each amendment kept when it replaced them.
        const hashes = new Map<number, string>([[contract.version, contentHash(contract.content)]]);
        for (const a of await amendmentsOf(tx, contract.id))
          hashes.set(a.from_version, contentHash(a.changes.previousContent));
        return verificationReport(contract, hashes, await signaturesOf(tx, contract.id), keys);
      });
    },
  };
}

export type VerificationReport = Awaited<ReturnType<ReturnType<typeof signingService>['verify']>>;
