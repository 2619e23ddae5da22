/** What the supplier pages show: the company's own file, and the tenant admin's queue and files. */
import { pendingApprovalShown } from '../approvals/request.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { NotFoundError } from '../http/errors.js';
import { peopleOf } from '../conflicts/people.js';
import type { CompanyPerson } from '../conflicts/matching.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { bidEligibility, type Eligibility, type SupplierStanding } from './eligibility.js';
import { SupplierNotFoundError } from './errors.js';

export const SUPPLIER_STATUSES = ['pending', 'renewal', 'approved', 'rejected', 'expired'] as const;
export type SupplierStatusFilter = (typeof SUPPLIER_STATUSES)[number];

export type SupplierRecord = SupplierStanding & Record<string, unknown>;

export interface OwnSupplier {
  supplier: SupplierRecord;
  documents: Record<string, unknown>[];
  colleagues: Record<string, unknown>[];
  eligibility: Eligibility;
  /** Its owners and directors (its own administrator sees the id numbers they gave). */
  people: CompanyPerson[];
}

/** The signed-in supplier user's company, its documents and users, and whether it may bid today. */
export async function readOwnSupplier(actor: Actor): Promise<OwnSupplier> {
  const user = actor.user;
  assertCan(user, 'supplier:read-own');
  return inTenant(actor.tenant, async (tx) => {
    const supplier = await tx('suppliers').where({ id: user.supplierId }).first<SupplierRecord | undefined>();
    if (!supplier) throw new NotFoundError();
    const documents = await tx('supplier_documents')
      .where({ supplier_id: supplier.id })
      .select('id', 'file_name', 'size_bytes', 'sha256', 'uploaded_at');
    const colleagues = await tx('users')
      .where({ supplier_id: supplier.id })
      .select('display_name', 'email', 'roles', 'status', 'email_verified_at');
    const own = String(supplier.id);
    const people = (await peopleOf(tx, [own])).get(own) ?? [];
    return { supplier, documents, colleagues, eligibility: bidEligibility(supplier, await now(tx)), people };
  });
}

export interface SupplierListing {
  id: string;
  legal_name: Record<string, string>;
  registration_no: string;
  submitted_at: Date | null;
  valid_until: Date | null;
  debarred_until: Date | null;
}

/** The registration queue: suppliers of one status (or asking for renewal), oldest submission first. */
export async function listSuppliers(actor: Actor, status: SupplierStatusFilter): Promise<SupplierListing[]> {
  assertCan(actor.user, 'suppliers:review');
  return inTenant(actor.tenant, (tx) =>
    (status === 'renewal' ? tx('suppliers').whereNotNull('renewal_requested_at') : tx('suppliers').where({ status }))
      .orderBy('submitted_at')
      .select<SupplierListing[]>(
        'id',
        'legal_name',
        'registration_no',
        'submitted_at',
        'valid_until',
        'debarred_until',
      ),
  );
}

/** A company's file for the tenant admin: the record, its documents and its users. */
export async function readSupplierFile(actor: Actor, id: string) {
  assertCan(actor.user, 'suppliers:review');
  return inTenant(actor.tenant, async (tx) => {
    const supplier = await tx('suppliers').where({ id }).first<Record<string, unknown> | undefined>();
    if (!supplier) throw new SupplierNotFoundError();
    const documents = await tx('supplier_documents')
      .where({ supplier_id: id })
      .select('id', 'file_name', 'content_type', 'size_bytes', 'sha256');
    const users = await tx('users')
      .where({ supplier_id: id })
      .select('display_name', 'email', 'roles', 'email_verified_at');
    const people = (await peopleOf(tx, [id])).get(id) ?? [];
    const check = await pendingApprovalShown(tx, { targetType: 'supplier', targetId: id });
    return { supplier, documents, users, people, check };
  });
}

/** One registration document of a company, with its content. */
export async function readSupplierDocument(actor: Actor, id: string, documentId: string) {
  assertCan(actor.user, 'suppliers:review');
  const document = await inTenant(actor.tenant, (tx) =>
    tx('supplier_documents')
      .where({ id: documentId, supplier_id: id })
      .first<{ file_name: string; content_type: string; content: Buffer } | undefined>(),
  );
  if (!document) throw new NotFoundError();
  return document;
}
