/**
 * The tenant's open data in OCDS 1.1 (public, no sign-in): release packages and record packages a
 * page at a time, one ocid's record, and the nightly bulk files with their SHA-256.
 *   GET /ocds/release-packages?limit&since&until&ocid&after
 *   GET /ocds/record-packages?limit&since&until&ocid&after
 *   GET /ocds/records/:ocid
 *   GET /ocds/exports            GET /ocds/exports/:file
 */
import { Router, type Request } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { NotFoundError } from '../http/errors.js';
import { operations } from '../http/operation.js';
import { tenantLink } from '../http/origin.js';
import { validate } from '../http/validate.js';
import { publicRoute } from '../identity/policy.js';
import { exportContent, listExports } from './exports.js';
import { recordPackage, releasePackage, singleRecord } from './packages.js';
import { publisherOf } from './publisher.js';
import { RecordsQuery, ReleasesQuery, validateQuery } from './query.js';

const operation = operations('ocds');

const Package = z.object({
  uri: z.string(),
  version: z.string(),
  publishedDate: z.string(),
  links: z.object({ next: z.string() }).optional().describe('The next page; absent on the last'),
});
const ReleasePackage = Package.extend({ releases: z.array(z.record(z.string(), z.unknown())) });
const RecordPackage = Package.extend({ records: z.array(z.record(z.string(), z.unknown())) });
const ExportList = z.object({
  exports: z.array(
    z.object({
      fileName: z.string(),
      createdAt: z.string(),
      releases: z.number().int(),
      sizeBytes: z.number().int(),
      sha256: z.string().describe('SHA-256 of the gzipped file, hex'),
      url: z.string(),
    }),
  ),
});
const OcidParam = z.object({ ocid: z.string().regex(/^ocds-[a-z0-9]{6}-[A-Za-z0-9-]{1,100}$/) });
const FileParam = z.object({ file: z.string().regex(/^[a-z0-9-]+-ocds-releases-\d{4}-\d{2}-\d{2}\.jsonl\.gz$/) });

const PAGING =
  '`limit` 1–1000 (default 100); `since`/`until` an ISO 8601 date or date-time (releases dated from `since`, before `until`); `ocid` one process; `after` the cursor that `links.next` carries';

export function ocdsApi(services: Pick<Deps, 'limits' | 'publicUrl'>): Router {
  const router = Router();
  const limit = services.limits.perAddress('open-data');
  const publisher = (req: Request) => {
    const found = publisherOf(req.actor.tenant, services.publicUrl);
    if (!found) throw new NotFoundError();
    // The tenant's address as this request reached it (PUBLIC_URL when set).
    return { ...found, baseUri: tenantLink(req, services.publicUrl, '').replace(/\/api\/v1$/, '') };
  };
  const uri = (req: Request) => tenantLink(req, services.publicUrl, req.url);

  router.get<'/ocds/release-packages', ParamsDictionary, unknown, unknown, ParsedQs & ReleasesQuery>(
    '/ocds/release-packages',
    operation({
      id: 'listOcdsReleasePackages',
      summary: `OCDS 1.1 release package of the tenant's releases in publication order (bids extension). ${PAGING}`,
      responses: {
        200: { description: 'a release package; `links.next` when more follow', schema: ReleasePackage },
        400: 'a query value out of range or malformed (problem+json, field by field)',
        429: 'too many requests from this address',
      },
    }),
    publicRoute,
    limit,
    validateQuery(ReleasesQuery),
    async (req, res) => {
      res.json(await releasePackage(req.actor, publisher(req), uri(req), req.query));
    },
  );

  router.get<'/ocds/record-packages', ParamsDictionary, unknown, unknown, ParsedQs & RecordsQuery>(
    '/ocds/record-packages',
    operation({
      id: 'listOcdsRecordPackages',
      summary: `OCDS 1.1 record package: per ocid with a release in the window, every release and the compiled release, by ocid. ${PAGING}`,
      responses: {
        200: { description: 'a record package; `links.next` when more follow', schema: RecordPackage },
        400: 'a query value out of range or malformed (problem+json, field by field)',
        429: 'too many requests from this address',
      },
    }),
    publicRoute,
    limit,
    validateQuery(RecordsQuery),
    async (req, res) => {
      res.json(await recordPackage(req.actor, publisher(req), uri(req), req.query));
    },
  );

  router.get(
    '/ocds/records/:ocid',
    operation({
      id: 'getOcdsRecord',
      summary: 'The record package of one contracting process (ocid): its releases and the compiled release',
      responses: { 200: { description: 'a record package with one record', schema: RecordPackage } },
    }),
    publicRoute,
    limit,
    validate({ params: OcidParam }),
    async (req, res) => {
      const found = await singleRecord(req.actor, publisher(req), uri(req), req.params.ocid);
      if (!found) throw new NotFoundError();
      res.json(found);
    },
  );

  router.get(
    '/ocds/exports',
    operation({
      id: 'listOcdsExports',
      summary:
        'The bulk files of every release (gzipped JSON lines, one release per line), written nightly and kept a week, newest first, with their SHA-256',
      responses: { 200: { description: 'the files', schema: ExportList } },
    }),
    publicRoute,
    limit,
    async (req, res) => {
      publisher(req);
      const files = await listExports(req.actor.tenant);
      res.json({
        exports: files.map((f) => ({
          ...f,
          createdAt: f.createdAt.toISOString(),
          url: tenantLink(req, services.publicUrl, `/ocds/exports/${f.fileName}`),
        })),
      });
    },
  );

  router.get(
    '/ocds/exports/:file',
    operation({
      id: 'downloadOcdsExport',
      summary: 'One bulk file (gzipped JSON lines); the Repr-Digest header carries its SHA-256',
      responses: { 200: { description: 'the file', file: 'application/gzip' } },
    }),
    publicRoute,
    limit,
    validate({ params: FileParam }),
    async (req, res) => {
      publisher(req);
      const found = await exportContent(req.actor.tenant, req.params.file);
      if (!found) throw new NotFoundError();
      res
        .type('application/gzip')
        .set('Content-Disposition', `attachment; filename="${req.params.file}"`)
        .set('Repr-Digest', `sha-256=:${Buffer.from(found.sha256, 'hex').toString('base64')}:`)
        .send(found.content);
    },
  );
  return router;
}
