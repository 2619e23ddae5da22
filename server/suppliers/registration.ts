/**
 * A company signs up once per tenant: legal identity, contacts, categories, documents, the
 * integrity pledge, and its first user (the company administrator), who must confirm the e-mail
 * address. The company then waits for the tenant admin's approval.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { hashPassword, passwordProblem } from '../identity/passwords.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserByEmail, normalizeEmail } from '../identity/users.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { auditedPeople, peopleFromForm, replacePeople } from '../conflicts/people.js';
import { checkDocuments, type CheckedDocument } from './documents.js';
import { RegistrationNoTakenError, SupplierPasswordError } from './errors.js';
import { legalNameOf } from './schema.js';

export type RegistrationFields = Record<string, unknown> & {
  registration_no: string;
  representative: string;
  tax_id: string;
  address: string;
  contact_phone: string;
  categories: string[];
  name: string;
  email: string;
  password: string;
};

export interface RegistrationInput {
  fields: RegistrationFields;
  /** The uploaded files, checked here (type from content, hash). */
  files: Express.Multer.File[];
  /** Builds the absolute link for an e-mail, from a path inside the tenant. */
  link: (path: string) => string;
}

export type RegistrationDeps = Pick<Deps, 'audit' | 'mailer'>;

export async function registrationNumberTaken(
  tx: Knex.Transaction,
  registrationNo: string,
  exceptId?: string,
): Promise<boolean> {
  const query = tx('suppliers').whereRaw('lower(registration_no) = lower(?)', [registrationNo]);
  if (exceptId) query.whereNot({ id: exceptId });
  return (await query.first()) !== undefined;
}

/** The company and its administrator's account (unverified), with its documents. */
async function insertCompany(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  input: { fields: RegistrationFields; documents: CheckedDocument[]; passwordHash: string; locale: string },
): Promise<{ supplierId: string; userId: string }> {
  const { fields: f, locale } = input;
  const [supplier] = await tx('suppliers')
    .insert({
      legal_name: JSON.stringify(legalNameOf(f, tenant.config.locales.supported)),
      registration_no: f.registration_no,
      tax_id: f.tax_id,
      representative: f.representative,
      address: f.address,
      contact_email: normalizeEmail(f.email),
      contact_phone: f.contact_phone,
      categories: f.categories,
      status: 'pending',
      pledge_signed_at: tx.raw('app_now()'),
      submitted_at: tx.raw('app_now()'),
    })
    .returning<{ id: string }[]>('id');
  const [user] = await tx('users')
    .insert({
      email: normalizeEmail(f.email),
      display_name: f.name,
      locale,
      roles: ['supplier-admin', 'supplier'],
      password_hash: input.passwordHash,
      supplier_id: supplier!.id,
    })
    .returning<{ id: string }[]>('id');
  if (input.documents.length > 0) {
    await tx('supplier_documents').insert(
      input.documents.map((d) => ({
        supplier_id: supplier!.id,
        file_name: d.fileName,
        content_type: d.contentType,
        size_bytes: d.size,
        sha256: d.sha256,
        content: d.content,
      })),
    );
  }
  await replacePeople(tx, supplier!.id, peopleFromForm(f));
  return { supplierId: supplier!.id, userId: user!.id };
}

/** Asks the new administrator to confirm the address, and records the registration as theirs. */
async function announce(
  deps: RegistrationDeps,
  tx: Knex.Transaction,
  registration: {
    actor: Actor;
    input: RegistrationInput;
    ids: { supplierId: string; userId: string };
    documents: CheckedDocument[];
  },
) {
  const { actor, input, ids, documents } = registration;
  const f = input.fields;
  const token = await createAccountToken(tx, ids.userId, 'verify-email');
  await deps.mailer.queue(tx, actor.tenant, {
    to: f.email,
    locale: actor.audit.locale ?? null,
    template: 'verify_email',
    params: { name: f.name, link: input.link(`/verify-email?token=${token}`) },
  });
  await deps.audit.record(
    tx,
    actor.tenant,
    { ...actor.audit, actor: { type: 'user', id: ids.userId, label: normalizeEmail(f.email) } },
    {
      action: 'supplier.registered',
      target: { type: 'supplier', id: ids.supplierId },
      summary: {
        after: {
          registrationNo: f.registration_no,
          categories: f.categories,
          documents: documents.map((d) => d.sha256),
          people: auditedPeople(peopleFromForm(f)),
        },
      },
    },
  );
}

export function supplierRegistration(deps: RegistrationDeps) {
  return {
    /**
     * Registers the company. An address already in use gets no account and no hint on the page;
     * its owner is told by e-mail that someone tried.
     */
    async register(actor: Actor, input: RegistrationInput): Promise<void> {
      const { tenant } = actor;
      const f = input.fields;
      const documents = await checkDocuments(input.files);
      const problem = passwordProblem(f.password, [f.email, f.name]);
      if (problem) throw new SupplierPasswordError(problem);
      const passwordHash = await hashPassword(f.password);
      await inTenant(tenant, async (tx) => {
        if (await registrationNumberTaken(tx, f.registration_no)) throw new RegistrationNoTakenError();
        const existing = await findUserByEmail(tx, f.email);
        if (existing) {
          await deps.mailer.queue(tx, tenant, {
            to: existing.email,
            locale: existing.locale,
            template: 'registration_attempt',
            params: { name: existing.display_name, link: input.link('/password/forgot') },
          });
          return;
        }
        const locale = actor.audit.locale ?? tenant.config.locales.default;
        const ids = await insertCompany(tx, tenant, { fields: f, documents, passwordHash, locale });
        await announce(deps, tx, { actor, input, ids, documents });
      });
    },
  };
}
