/**
 * The bulk files of a tenant's releases: every release as one line of JSON, gzipped, written by the
 * nightly job (export-job.ts) and kept for a week, each with its SHA-256 so a downloader can check
 * the file it received. Reading the releases goes a thousand at a time, each batch in its own
 * short transaction, so a large tenant's export never holds one open for long.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import { localDate } from '../regulations/lookup.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';

const BATCH = 1000;
export const KEPT_EXPORTS = 7;

export interface ExportFile {
  fileName: string;
  createdAt: Date;
  releases: number;
  sizeBytes: number;
  sha256: string;
}

async function releaseLines(tenant: TenantHandle): Promise<{ text: string; count: number; lastSeq: number }> {
  const lines: string[] = [];
  let after = 0;
  for (;;) {
    const rows = await inTenant(tenant, (tx) =>
      tx('ocds_releases')
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .select<{ seq: string; release: unknown }[]>('seq', 'release'),
    );
    for (const row of rows) lines.push(JSON.stringify(row.release));
    if (rows.length > 0) after = Number(rows.at(-1)!.seq);
    if (rows.length < BATCH) break;
  }
  return { text: lines.map((l) => `${l}\n`).join(''), count: lines.length, lastSeq: after };
}

/** Writes today's file (replacing an earlier one of the same day) and drops files past a week. */
export async function writeExport(
  tenant: TenantHandle,
  record: (tx: Knex.Transaction, file: ExportFile) => Promise<unknown>,
): Promise<ExportFile> {
  const { text, count, lastSeq } = await releaseLines(tenant);
  const content = gzipSync(Buffer.from(text, 'utf8'));
  const sha256 = createHash('sha256').update(content).digest('hex');
  return inTenant(tenant, async (tx) => {
    const at = await now(tx);
    const fileName = `${tenant.slug}-ocds-releases-${localDate(at, tenant.config.timeZone)}.jsonl.gz`;
    const file: ExportFile = { fileName, createdAt: at, releases: count, sizeBytes: content.length, sha256 };
    await tx('ocds_exports')
      .insert({
        file_name: fileName,
        created_at: at,
        releases: count,
        last_seq: lastSeq,
        size_bytes: content.length,
        sha256,
        content,
      })
      .onConflict('file_name')
      .merge();
    const kept = tx('ocds_exports').orderBy('created_at', 'desc').limit(KEPT_EXPORTS).select('id');
    await tx('ocds_exports').whereNotIn('id', kept).delete();
    await record(tx, file);
    return file;
  });
}

export function listExports(tenant: TenantHandle): Promise<ExportFile[]> {
  return inTenant(tenant, async (tx) => {
    const rows = await tx('ocds_exports')
      .orderBy('created_at', 'desc')
      .select<{ file_name: string; created_at: Date; releases: number; size_bytes: number; sha256: string }[]>(
        'file_name',
        'created_at',
        'releases',
        'size_bytes',
        'sha256',
      );
    return rows.map((r) => ({
      fileName: r.file_name,
      createdAt: r.created_at,
      releases: r.releases,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
    }));
  });
}

export function exportContent(
  tenant: TenantHandle,
  fileName: string,
): Promise<{ content: Buffer; sha256: string } | undefined> {
  return inTenant(tenant, (tx) => tx('ocds_exports').where({ file_name: fileName }).first('content', 'sha256'));
}
