/**
 * Release packages and record packages, a page at a time, as the public reads them. Releases page
 * by their publication order (`after` is the last one's sequence number); records page by ocid.
 * `links.next` repeats the query with the cursor moved, and is absent on the last page.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { BIDS_EXTENSION } from './codes.js';
import { compileRecord, type OcdsRecord } from './compile.js';
import type { Publisher, Release } from './release-build.js';
import type { RecordsQuery, ReleasesQuery } from './query.js';

export const OCDS_VERSION = '1.1';

interface Window {
  since?: Date;
  until?: Date;
  ocid?: string;
}

function inWindow(query: Knex.QueryBuilder, w: Window): Knex.QueryBuilder {
  if (w.since) query.where('date', '>=', w.since);
  if (w.until) query.where('date', '<', w.until);
  if (w.ocid) query.where('ocid', w.ocid);
  return query;
}

function packageHead(tenant: TenantHandle, publisher: Publisher, uri: string, publishedDate: string) {
  return {
    uri,
    version: OCDS_VERSION,
    extensions: [BIDS_EXTENSION],
    publishedDate,
    publisher: { name: tenantDisplayName(tenant, 'en'), uri: publisher.baseUri },
    publicationPolicy: `${publisher.baseUri}/transparency`,
  };
}

/** The page's address with the cursor moved: every other filter kept. */
function nextLink(uri: string, after: string | number): string {
  const url = new URL(uri);
  url.searchParams.set('after', String(after));
  return url.toString();
}

function newest(releases: Release[], fallback: Date): string {
  return releases.reduce((latest, r) => (String(r.date) > latest ? String(r.date) : latest), fallback.toISOString());
}

export async function releasePackage(actor: Actor, publisher: Publisher, uri: string, query: ReleasesQuery) {
  return inTenant(actor.tenant, async (tx) => {
    const rows = await inWindow(tx('ocds_releases'), query)
      .where('seq', '>', query.after ?? 0)
      .orderBy('seq')
      .limit(query.limit + 1)
      .select<{ seq: string; release: Release }[]>('seq', 'release');
    const page = rows.slice(0, query.limit);
    const releases = page.map((r) => r.release);
    const at = new Date(0);
    return {
      ...packageHead(actor.tenant, publisher, uri, newest(releases, at)),
      releases,
      ...(rows.length > query.limit ? { links: { next: nextLink(uri, page.at(-1)!.seq) } } : {}),
    };
  });
}

async function recordsOf(tx: Knex.Transaction, ocids: string[]): Promise<OcdsRecord[]> {
  const rows = await tx('ocds_releases')
    .whereIn('ocid', ocids)
    .orderBy('seq')
    .select<{ ocid: string; release: Release }[]>('ocid', 'release');
  return ocids
    .map((ocid) => ({ ocid, releases: rows.filter((r) => r.ocid === ocid).map((r) => r.release) }))
    .filter((r) => r.releases.length > 0)
    .map((r) => compileRecord(r.ocid, r.releases));
}

export async function recordPackage(actor: Actor, publisher: Publisher, uri: string, query: RecordsQuery) {
  return inTenant(actor.tenant, async (tx) => {
    const ocidRows = await inWindow(tx('ocds_releases'), query)
      .modify((q) => (query.after ? q.where('ocid', '>', query.after) : q))
      .distinct('ocid')
      .orderBy('ocid')
      .limit(query.limit + 1)
      .select<{ ocid: string }[]>();
    const page = ocidRows.slice(0, query.limit).map((r) => r.ocid);
    const records = page.length > 0 ? await recordsOf(tx, page) : [];
    return {
      ...packageHead(
        actor.tenant,
        publisher,
        uri,
        newest(
          records.map((r) => r.compiledRelease),
          new Date(0),
        ),
      ),
      records,
      ...(ocidRows.length > query.limit ? { links: { next: nextLink(uri, page.at(-1)!) } } : {}),
    };
  });
}

/** One ocid's record package, or undefined when the tenant published nothing under it. */
export async function singleRecord(actor: Actor, publisher: Publisher, uri: string, ocid: string) {
  return inTenant(actor.tenant, async (tx) => {
    const [record] = await recordsOf(tx, [ocid]);
    if (!record) return undefined;
    return { ...packageHead(actor.tenant, publisher, uri, String(record.compiledRelease.date)), records: [record] };
  });
}
