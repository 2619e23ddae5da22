/**
 * Job `ocds-export` (nightly, in the tenant's time zone): the bulk file of every release the
 * tenant has published, gzipped JSON lines with its SHA-256 (exports.ts). Idempotent: a second
 * run the same day replaces that day's file with the same releases and any published since.
 */
import type { Deps } from '../deps.js';
import type { JobHandler } from '../jobs/runner.js';
import { SYSTEM_ACTOR } from '../audit/trail.js';
import { writeExport } from './exports.js';
import { publisherOf } from './publisher.js';

export function ocdsExportJob(services: Pick<Deps, 'audit' | 'publicUrl'>): JobHandler {
  return async ({ tenant }) => {
    if (!publisherOf(tenant, services.publicUrl)) return { published: false };
    const file = await writeExport(tenant, (tx, written) =>
      services.audit.record(tx, tenant, SYSTEM_ACTOR, {
        action: 'ocds.exported',
        target: { type: 'ocds-export', id: written.fileName },
        summary: { file: written.fileName, releases: written.releases, sha256: written.sha256 },
      }),
    );
    return { file: file.fileName, releases: file.releases };
  };
}
