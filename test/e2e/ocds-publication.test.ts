import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { jobHandlers } from '../../server/job-registry.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { NIGHTLY } from '../../server/jobs/schedules.js';
import { CATEGORY_SCHEME } from '../../server/ocds/codes.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { codelistProblems, ocdsValidators } from '../support/ocds-schemas.js';
import { binaryBody } from '../support/binary.js';

type Json = Record<string, unknown>;
interface Package extends Json {
  releases?: Json[];
  records?: { ocid: string; releases: Json[]; compiledRelease: Json }[];
  links?: { next: string };
}

interface Cycle {
  template: string;
  start: string;
  /** Local times of the tenant for the notice that stays open (and sealed). */
  sealed: { deadline: string; opening: string };
  sealedPrices: number[];
  prices: number[];
  addendum: string;
  title: Record<string, string>;
  /** A negotiated (two-envelope) tender: technical totals by bid, by evaluator. */
  scores?: number[][];
}

const CYCLES: Cycle[] = [
  {
    template: 'kurdistan',
    start: '2026-09-01T07:00:00Z',
    sealed: { deadline: '2026-12-20T10:00', opening: '2026-12-20T10:30' },
    sealedPrices: [87_654_321, 86_420_975],
    prices: [95_000_000, 97_500_000, 99_000_000],
    addendum: 'نەخشەی شوێنەکە نوێ کرایەوە.',
    title: { title_ckb: 'کەلوپەلی نووسینگە', title_ar: 'معدات مكتبية', title_en: 'Office equipment' },
    scores: [
      [80, 85, 90],
      [70, 75, 80],
      [90, 90, 93],
    ],
  },
  {
    template: 'korea',
    start: '2026-09-01T01:00:00Z',
    sealed: { deadline: '2026-12-21T10:00', opening: '2026-12-21T11:00' },
    sealedPrices: [91_234_567, 90_876_543],
    prices: [94_000_000, 96_000_000],
    addendum: '배치도를 수정했습니다.',
    title: { title_ko: '사무용 기기', title_en: 'Office equipment' },
  },
];

const TAGS_OF_A_FULL_CYCLE = [
  'planning',
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
];

/** Every page of a package listing, following links.next. */
async function allPages(world: TenderWorld, first: string): Promise<Package[]> {
  const pages: Package[] = [];
  let next: string | undefined = first;
  while (next) {
    const url: URL = new URL(next, 'http://localhost');
    const res: request.Response = await request(world.app).get(`${url.pathname}${url.search}`).expect(200);
    pages.push(res.body as Package);
    next = (res.body as Package).links?.next;
  }
  return pages;
}

for (const cycle of CYCLES) {
  describe(`OCDS publication of a full cycle in ${cycle.template}`, () => {
    let world: TenderWorld;
    let sealed: BuiltNotice;
    let full: BuiltNotice;
    let cancelled: BuiltNotice;
    const api = (path: string) => `/t/${world.slug}/api/v1${path}`;
    const sealedOutputs: string[] = [];

    before(async () => {
      world = await buildTenant(cycle.template, { at: cycle.start });
      // A notice that stays open: its bids are sealed; its estimated price is hidden.
      sealed = await buildNotice(world, {
        state: 'open',
        fields: {
          estimatedPriceHidden: true,
          submissionDeadline: cycle.sealed.deadline,
          openingAt: cycle.sealed.opening,
        },
        bids: cycle.sealedPrices,
      });
      await request(world.app)
        .post(api(`/notices/${sealed.id}/addenda`))
        .set(world.officer)
        .send({ summary: cycle.addendum })
        .expect(shows(201));
      cancelled = await buildNotice(world, {
        state: 'open',
        fields: { submissionDeadline: cycle.sealed.deadline, openingAt: cycle.sealed.opening },
      });
      await request(world.app)
        .post(api(`/notices/${cancelled.id}/cancel`))
        .set(world.officer)
        .send({ reason: 'The requirement was withdrawn by the ministry.' })
        .expect(204);
      // What the public could read while the sealed notice was open.
      for (const path of ['/ocds/release-packages?limit=1000', '/ocds/record-packages?limit=1000']) {
        for (const page of await allPages(world, api(path))) sealedOutputs.push(JSON.stringify(page));
      }
      full = await buildNotice(world, {
        state: 'contracted',
        fields: {
          ...cycle.title,
          ...(cycle.scores ? { method: 'negotiated' } : {}),
          submissionDeadline: '2026-09-15T10:00',
          openingAt: '2026-09-15T10:30',
        },
        bids: cycle.prices,
        ...(cycle.scores ? { scores: cycle.scores } : {}),
        contract: { endsOn: '2027-03-31' },
      });
      const contract = full.contract!;
      const deliverable = contract.deliverables[0]!;
      const supplier = full.winner!.bidder;
      await world.setClock(new Date(Date.parse(await clockOf(world)) + 86_400_000), [supplier]);
      const delivered = await request(world.app)
        .post(api(`/deliverables/${deliverable.id}/deliveries`))
        .set(supplier.auth)
        .send({ note: 'Delivered' })
        .expect(shows(201));
      await request(world.app)
        .post(api(`/deliveries/${delivered.body.id as string}/inspection`))
        .set(world.officer)
        .send({ result: 'accepted' })
        .expect(shows(200));
      const invoice = await request(world.app)
        .post(api(`/deliverables/${deliverable.id}/invoices`))
        .set(supplier.auth)
        .send({ amount: deliverable.amount })
        .expect(shows(201));
      await request(world.app)
        .post(api(`/invoices/${invoice.body.id as string}/approve`))
        .set(world.officer)
        .expect(shows(200));
      await request(world.app)
        .post(api(`/invoices/${invoice.body.id as string}/payment`))
        .set(world.officer)
        .send({ paidOn: (await clockOf(world)).slice(0, 10), reference: 'TR-OCDS-1', amount: deliverable.amount })
        .expect(shows(201));
      await request(world.app)
        .post(api(`/contracts/${contract.id}/amendments`))
        .set(world.officer)
        .send({ reason: 'Extended by agreement of both parties.', endsOn: '2027-06-30' })
        .expect(shows(201));
    });
    after(() => world.platform.close());

    it('validates every release package and record package against OCDS 1.1.5 with the bids extension: zero errors', async () => {
      const releasePages = await allPages(world, api('/ocds/release-packages?limit=7'));
      const recordPages = await allPages(world, api('/ocds/record-packages?limit=3'));
      assert.ok(releasePages.length > 1 && recordPages.length > 1, 'more than one page of each');
      const validators = ocdsValidators();
      for (const page of releasePages) assert.deepEqual(validators.releasePackage(page), []);
      for (const page of recordPages) assert.deepEqual(validators.recordPackage(page), []);
      // The validator refuses what the standard refuses: no initiationType, a date that is none.
      const broken = structuredClone(releasePages[0]!);
      delete broken.releases![0]!.initiationType;
      broken.releases![0]!.date = 'yesterday';
      assert.equal(validators.releasePackage(broken).length, 2);
      const single = await request(world.app)
        .get(api(`/ocds/records/${ocidOf(releasePages, full.id)}`))
        .expect(200);
      assert.deepEqual(validators.recordPackage(single.body), []);
    });

    it('uses codelist values only (closed lists strictly; open lists only where we name our own scheme)', async () => {
      const pages = await allPages(world, api('/ocds/record-packages?limit=1000'));
      const allowed = new Set([CATEGORY_SCHEME]);
      assert.equal(codelistProblems({ tag: ['tenderish'], tender: { status: 'open-ish' } }, allowed).length, 2);
      for (const record of pages.flatMap((p) => p.records ?? [])) {
        for (const release of [...record.releases, record.compiledRelease]) {
          assert.deepEqual(codelistProblems(release, allowed), []);
        }
      }
    });

    it('publishes each stage of the cycle with its tag, in the transaction of the change', async () => {
      const releases = (await allPages(world, api('/ocds/release-packages?limit=1000'))).flatMap(
        (p) => p.releases ?? [],
      );
      const fullOcid = ocidOf([{ releases }], full.id);
      const tags = new Set(releases.flatMap((r) => r.tag as string[]));
      for (const tag of TAGS_OF_A_FULL_CYCLE) assert.ok(tags.has(tag), `a ${tag} release`);
      const ofFull = releases.filter((r) => r.ocid === fullOcid);
      assert.deepEqual(
        [...new Set(ofFull.map((r) => (r.tag as string[])[0]))].filter(
          (t) => t !== 'tenderUpdate' && t !== 'contractUpdate',
        ),
        ['tender', 'award', 'awardUpdate', 'contract', 'implementation', 'contractAmendment'],
      );
      const ids = releases.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'release ids are unique');
      const { rows } = await inTenant(world.tenant, (tx) =>
        tx.raw<{ rows: { n: string }[] }>(`select count(*) as n from audit_entries where action = 'award.published'`),
      );
      assert.equal(releases.filter((r) => (r.tag as string[])[0] === 'award').length, Number(rows[0]!.n));
    });

    it('compiles a record with the buyer, parties and their identifiers, bids, award, contract and payment', async () => {
      const releasePages = await allPages(world, api('/ocds/release-packages?limit=1000'));
      const ocid = ocidOf(releasePages, full.id);
      const { body } = await request(world.app)
        .get(api(`/ocds/records/${ocid}`))
        .expect(200);
      const compiled = (body as Package).records![0]!.compiledRelease as Json & {
        parties: { id: string; roles: string[]; identifier?: { scheme?: string; id: string } }[];
        tender: Json & { status: string; value?: { amount: number; currency: string } };
        bids: {
          details: { id: string; value?: { amount: number } }[];
          statistics: { measure: string; value: number }[];
        };
        awards: { status: string; value: { amount: number }; relatedBid: string }[];
        contracts: {
          status: string;
          amendments: unknown[];
          implementation: { transactions: { value: { amount: number } }[] };
        }[];
        planning: { budget: { amount: { amount: number } } };
        relatedProcesses: { relationship: string[]; identifier: string }[];
      };
      const scheme = world.tenant.config.transparency!.registryScheme;
      assert.ok(ocid.startsWith(`${world.tenant.config.transparency!.ocidPrefix}-`));
      assert.equal(body.publisher.name.length > 0, true);
      assert.deepEqual(compiled.tag, ['compiled']);
      assert.equal(compiled.language, world.tenant.config.locales.default);
      const buyer = compiled.parties.find((p) => p.roles.includes('buyer'))!;
      assert.deepEqual(buyer.roles.sort(), ['buyer', 'payer', 'procuringEntity']);
      const winner = compiled.parties.find((p) => p.roles.includes('supplier'))!;
      assert.equal(winner.identifier!.scheme, scheme);
      assert.deepEqual(winner.roles.sort(), ['payee', 'supplier', 'tenderer']);
      assert.equal(compiled.parties.filter((p) => p.roles.includes('tenderer')).length, cycle.prices.length);
      assert.deepEqual(
        compiled.bids.details.map((d) => d.value!.amount).sort((a, b) => a - b),
        [...cycle.prices].sort((a, b) => a - b),
      );
      assert.equal(compiled.bids.statistics.find((s) => s.measure === 'bids')!.value, cycle.prices.length);
      // A negotiated tender's prices come from its price envelopes, opened after the technical evaluation.
      assert.equal(compiled.tender.awardCriteria, cycle.scores ? 'ratedCriteria' : 'priceOnly');
      assert.equal(compiled.awards[0]!.status, 'active');
      assert.equal(compiled.awards[0]!.relatedBid, full.winner!.receiptNo);
      assert.equal(compiled.awards[0]!.value.amount, full.award!.amount);
      // Amended: the new version waits for both signatures again.
      assert.equal(compiled.contracts[0]!.status, 'pending');
      assert.equal(compiled.contracts[0]!.amendments.length, 1);
      assert.equal(
        compiled.contracts[0]!.implementation.transactions[0]!.value.amount,
        full.contract!.deliverables[0]!.amount,
      );
      assert.equal(compiled.relatedProcesses[0]!.relationship[0], 'planning');
      // Multilingual fields: title in the tenant's language, others suffixed.
      const other = world.tenant.config.locales.supported.find((l) => l !== world.tenant.config.locales.default)!;
      assert.equal(compiled.tender.title, cycle.title[`title_${world.tenant.config.locales.default}`]);
      assert.equal(compiled.tender[`title_${other}`], cycle.title[`title_${other}`]);
      const planRecord = await request(world.app)
        .get(api(`/ocds/records/${compiled.relatedProcesses[0]!.identifier}`))
        .expect(200);
      assert.deepEqual(
        (planRecord.body as Package).records![0]!.releases.map((r) => (r.tag as string[])[0]),
        ['planning'],
      );
    });

    it('shows no sealed price and no hidden estimate before the opening, and both after it', async () => {
      const digits = (n: number) => [String(n), String(n / 1000), n.toLocaleString('en')];
      for (const output of sealedOutputs) {
        for (const price of cycle.sealedPrices)
          for (const form of digits(price)) assert.ok(!output.includes(form), `${form} sealed`);
      }
      const releases = (await allPages(world, api('/ocds/release-packages?limit=1000'))).flatMap(
        (p) => p.releases ?? [],
      );
      const ofSealed = releases.filter((r) => r.ocid === ocidOf([{ releases }], sealed.id));
      assert.ok(ofSealed.length >= 2, 'tender and its amendment');
      for (const r of ofSealed) {
        assert.equal((r.tender as Json).value, undefined, 'the hidden estimate is withheld');
        assert.equal(r.bids, undefined);
      }
      const amendments = ((ofSealed.at(-1)!.tender as Json).amendments ?? []) as { description: string }[];
      assert.equal(amendments[0]!.description, cycle.addendum);
      const ofCancelled = releases.filter((r) => r.ocid === ocidOf([{ releases }], cancelled.id));
      assert.deepEqual((ofCancelled.at(-1)!.tag as string[])[0], 'tenderCancellation');
      assert.equal((ofCancelled.at(-1)!.tender as Json).status, 'cancelled');
    });

    if (cycle.template !== 'korea') return;

    it('pages releases with links.next, since/until and ocid, and answers a bad value with 400 problem+json', async () => {
      const all = (await allPages(world, api('/ocds/release-packages?limit=1000'))).flatMap((p) => p.releases ?? []);
      const paged = (await allPages(world, api('/ocds/release-packages?limit=2'))).flatMap((p) => p.releases ?? []);
      assert.deepEqual(
        paged.map((r) => r.id),
        all.map((r) => r.id),
      );
      const middle = all[Math.floor(all.length / 2)]!.date as string;
      const since = (await allPages(world, api(`/ocds/release-packages?since=${encodeURIComponent(middle)}`))).flatMap(
        (p) => p.releases ?? [],
      );
      assert.ok(since.length > 0 && since.every((r) => (r.date as string) >= middle));
      const until = (await allPages(world, api(`/ocds/release-packages?until=${encodeURIComponent(middle)}`))).flatMap(
        (p) => p.releases ?? [],
      );
      assert.equal(since.length + until.length, all.length);
      const ocid = ocidOf([{ releases: all }], full.id);
      const one = (await allPages(world, api(`/ocds/release-packages?ocid=${ocid}`))).flatMap((p) => p.releases ?? []);
      assert.ok(one.length > 3 && one.every((r) => r.ocid === ocid));
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=1001', 'limit'],
        ['limit=ten', 'limit'],
        ['since=yesterday', 'since'],
        ['until=2026-13-45', 'until'],
        ['ocid=DROP%20TABLE', 'ocid'],
        ['after=-1', 'after'],
      ] as const) {
        const res = await request(world.app)
          .get(api(`/ocds/release-packages?${query}&lng=en`))
          .expect(400);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        assert.deepEqual(
          (res.body as { errors: { field: string }[] }).errors.map((e) => e.field),
          [field],
        );
      }
      const recordsBad = await request(world.app).get(api('/ocds/record-packages?limit=5000&lng=ko')).expect(400);
      assert.match((recordsBad.body as { errors: { message: string }[] }).errors[0]!.message, /1000/);
      await request(world.app)
        .get(api(`/ocds/records/${world.tenant.config.transparency!.ocidPrefix}-nothing-here`))
        .expect(404);
    });

    it('writes the nightly bulk file of every release, gzipped JSON lines, downloadable with its SHA-256', async () => {
      assert.ok(NIGHTLY.some((s) => s.name === 'ocds-export'));
      const services = await world.platform.services();
      const run = jobHandlers(services)['ocds-export'];
      const context = { tenant: world.tenant } as JobContext;
      await run(context);
      await run(context);
      const list = await request(world.app).get(api('/ocds/exports')).expect(200);
      const files = (list.body as { exports: { fileName: string; sha256: string; releases: number; url: string }[] })
        .exports;
      assert.equal(files.length, 1, 'a second run the same day replaces the file');
      const file = files[0]!;
      const download = await request(world.app)
        .get(new URL(file.url).pathname)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const content = download.body as Buffer;
      assert.equal(createHash('sha256').update(content).digest('hex'), file.sha256);
      assert.equal(download.headers['repr-digest'], `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
      const lines = gunzipSync(content).toString('utf8').trim().split('\n');
      const all = (await allPages(world, api('/ocds/release-packages?limit=1000'))).flatMap((p) => p.releases ?? []);
      assert.equal(lines.length, all.length);
      assert.equal(file.releases, all.length);
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as Json).id),
        all.map((r) => r.id),
      );
      await request(world.app).get(api('/ocds/exports/korea-ocds-releases-1999-01-01.jsonl.gz')).expect(404);
    });

    it('documents the OCDS endpoints, their paging and the bulk file in the OpenAPI document', async () => {
      const { body } = await request(world.app).get(api('/openapi.json')).expect(200);
      const paths = (
        body as {
          paths: Record<
            string,
            Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>
          >;
        }
      ).paths;
      const releases = paths['/ocds/release-packages']!.get!;
      assert.deepEqual(releases.parameters!.map((p) => p.name).sort(), ['after', 'limit', 'ocid', 'since', 'until']);
      assert.ok(releases.responses['400']);
      assert.ok(paths['/ocds/exports/{file}']);
      assert.ok(paths['/ocds/record-packages']);
    });
  });
}

/** An expectation that names the answer it did not want (a refusal's problem+json). */
function shows(status: number) {
  return (res: request.Response) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  };
}

function ocidOf(pages: { releases?: Json[] }[], noticeId: string): string {
  const release = pages.flatMap((p) => p.releases ?? []).find((r) => (r.ocid as string).endsWith(noticeId));
  if (!release) throw new Error(`no release of ${noticeId}`);
  return release.ocid as string;
}

async function clockOf(world: TenderWorld): Promise<string> {
  return inTenant(world.tenant, async (tx) => {
    const { rows } = await tx.raw<{ rows: { now: Date }[] }>('select app_now() as now');
    return rows[0]!.now.toISOString();
  });
}
