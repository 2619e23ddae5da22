/**
 * Writing OCDS releases: who publishes (the tenant's prefix, registry scheme, currency, language
 * and address), and one release per audited change, stored in the change's transaction with an
 * id unique in the tenant and the tenant's clock as its date. A tenant without a registered
 * prefix publishes nothing: an ocid must be the publisher's own.
 */
import type { Knex } from 'knex';
import { tenantBasePath } from '../http/origin.js';
import { currencyDigits } from '../i18n/format.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { noticeRelease, planRelease, type Publisher, type Release } from './release-build.js';
import { readOrder } from './order-read.js';
import { orderOcid, orderRelease } from './order-release.js';
import { readPlan, readProcess } from './process-read.js';
import { processOf, RELEASE_TRIGGERS, type ReleaseTag } from './triggers.js';

const LOCAL_ORIGIN = 'http://localhost:3000';

export function publisherOf(tenant: TenantHandle, publicUrl: string | undefined): Publisher | undefined {
  const transparency = tenant.config.transparency;
  if (!transparency) return undefined;
  return {
    ocidPrefix: transparency.ocidPrefix,
    registryScheme: transparency.registryScheme,
    currency: tenant.config.currency,
    currencyDigits: currencyDigits(tenant.config.currency),
    language: tenant.config.locales.default,
    baseUri: `${(publicUrl ?? LOCAL_ORIGIN).replace(/\/$/, '')}${tenantBasePath(tenant)}`,
  };
}

/** Stores a release built without id, date or tag, giving it all three. */
export async function storeRelease(tx: Knex.Transaction, built: Release, tag: ReleaseTag): Promise<Release> {
  const at = await now(tx);
  const seq = Number(
    (await tx.raw<{ rows: { n: string }[] }>(`select nextval(pg_get_serial_sequence('ocds_releases', 'seq')) as n`))
      .rows[0]!.n,
  );
  const id = `${built.ocid}-${String(seq).padStart(6, '0')}-${tag}`;
  const { ocid, ...rest } = built;
  const release: Release = { ocid, id, date: at.toISOString(), tag: [tag], ...rest };
  await tx('ocds_releases').insert({
    seq,
    id,
    ocid: built.ocid,
    date: at,
    tags: [tag],
    release: JSON.stringify(release),
  });
  return release;
}

/**
 * Publishes the release an audited action calls for, if any: the process as it stands after the
 * change. Returns undefined when the action publishes nothing (or the tenant publishes no OCDS).
 */
export async function publishFor(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  publicUrl: string | undefined,
  action: string,
  target: { type: string; id: string } | null | undefined,
): Promise<Release | undefined> {
  const tag = Object.hasOwn(RELEASE_TRIGGERS, action) ? RELEASE_TRIGGERS[action] : undefined;
  if (!tag || !target) return undefined;
  const publisher = publisherOf(tenant, publicUrl);
  if (!publisher) return undefined;
  const process = await processOf(tx, target);
  if (!process) return undefined;
  if (process.kind === 'plan') {
    const plan = await readPlan(tx, process.id);
    return plan ? storeRelease(tx, planRelease(publisher, plan), tag) : undefined;
  }
  if (process.kind === 'order') return publishOrder(tx, publisher, process.id, tag);
  const state = await readProcess(tx, process.id);
  // A draft's changes publish nothing: the process starts in public with its tender release.
  return state ? storeRelease(tx, noticeRelease(publisher, state), tag) : undefined;
}

/**
 * An order's release. A cancelled order is published only if its process was public already (its
 * cancellation closes it); an order cancelled before anything was published stays out.
 */
async function publishOrder(
  tx: Knex.Transaction,
  publisher: Publisher,
  orderId: string,
  tag: ReleaseTag,
): Promise<Release | undefined> {
  const order = await readOrder(tx, orderId);
  if (!order) return undefined;
  const ocid = orderOcid(publisher, order.orderNo);
  if (order.status === 'cancelled' && !(await tx('ocds_releases').where({ ocid }).first('id'))) return undefined;
  return storeRelease(tx, orderRelease(publisher, order), tag);
}
