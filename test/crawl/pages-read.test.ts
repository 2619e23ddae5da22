/**
 * Reads every page as a person would. For two tenants (kurdistan, right to left, and vietnam), it
 * signs in as each demo role (and visits as the public), opens every GET page of the route table
 * (`pageList`, so a new page is crawled without anyone adding it) in each of the eight shipped
 * languages, and fails on what a person should never read: an ISO timestamp, a JSON object, a raw
 * i18n key, a dotted action code, `undefined`/`NaN`, or an English word of a small stop-list on a
 * non-English page. Machine-read text is left out first: <script>, <style>, hidden inputs, href,
 * datetime and other attributes no one reads.
 *
 * The crawl runs on one engine only (the `crawl` tier, see test/run.ts): it reads pages, it does
 * not test the database.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { tenantRouters } from '../../server/app.js';
import { unsubscribeToken } from '../../server/alerts/unsubscribe-link.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { LANGUAGES, type Language } from '../../server/i18n/languages.js';
import { pageList, type RouteEntry } from '../../server/http/route-table.js';
import { DEMO_ROLES } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { Bidder } from '../support/bidders.js';
import { buildNotice, buildTenant, type TenderWorld } from '../support/factories.js';
import { signIn, type Agent } from '../support/session.js';
import { buildAgreement } from '../support/mall-fixture.js';
import { buildFramework } from '../support/framework-fixture.js';
import { draftNotice, publishedPlanEntry } from '../support/tender.js';

/** Tuesday 1 September 2026, morning in Erbil and Hanoi. */
const NOW = '2026-09-01T05:00:00Z';
const ARTIFACTS = path.resolve('test/artifacts');

/**
 * Pages that are not read as pages, each with the reason. Every other page with a parameter must
 * get a real id below (`ids`): a new page fails the test until it has one or a reason here.
 */
const NOT_PAGES: Record<string, string> = {
  '/branding.css': 'a style sheet, not a page',
  '/contracts/:id/pdf': 'a PDF printed by Chromium; its text is read back by test/e2e/contracts-pdf.test.ts',
  '/notices/:id/documents/:documentId': 'a file download (the tender document as uploaded)',
  '/admin/suppliers/:id/documents/:documentId': "a file download (the supplier's uploaded document)",
};

/**
 * Findings in pages other work streams are rewriting (issue 17: drafts form, public notice page,
 * home page, work pages). Each entry: the route, what is found, and a part of the text. Empty this
 * list as those pages are finished; an entry that no longer matches anything fails the test, so
 * the list only shrinks.
 */
const KNOWN: { page: string; kind: string; text?: string; why: string }[] = [];

/** English words that never belong on a page in another language (interface words, not names). */
const ENGLISH = [
  'calendar',
  'business days',
  'Received',
  'Submitted',
  'pending',
  'Ministry',
  'Demo',
  'version',
  'Status',
  'Deadline',
  'Opening',
  'draft',
  'published',
  'officer',
  'evaluator',
  'auditor',
  'tenant-admin',
  'supplier-admin',
];

interface Finding {
  page: string;
  kind: string;
  text: string;
  where: string;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
/**
 * Attributes people read (the rest — href, datetime, name, class… — machines read). A title is
 * where a label keeps the id behind it (a rule id, an action code) for the curious: not checked.
 */
const READ_ATTRIBUTES = new Set(['alt', 'placeholder', 'aria-label']);

export interface Visible {
  text: string;
  /** The language the markup declares for it (`lang` of the nearest element that has one). */
  lang: string;
}

/**
 * What a person reads on a page, each piece with the language its markup declares: text (not in
 * <script>, <style>, <textarea> or comments) and the attributes people see (title, alt,
 * placeholder, aria-label, the label of a button input). Hidden inputs, typed values and every
 * other attribute are for machines.
 */
export function visibleText(html: string): Visible[] {
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<textarea\b[\s\S]*?<\/textarea>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  const stack: { name: string; lang: string }[] = [{ name: '', lang: '' }];
  const seen: Visible[] = [];
  const lang = () => stack[stack.length - 1]!.lang;
  const add = (text: string, where: string) => {
    for (const line of decode(text).split('\n')) if (line.trim()) seen.push({ text: line.trim(), lang: where });
  };
  for (const [, text, tag] of body.matchAll(/([^<]*)(<[^>]*>|$)/g)) {
    if (text) add(text, lang());
    if (!tag) continue;
    const close = /^<\/([a-z0-9-]+)/i.exec(tag);
    if (close) {
      const at = stack.map((e) => e.name).lastIndexOf(close[1]!.toLowerCase());
      if (at > 0) stack.length = at;
      continue;
    }
    const open = /^<([a-z0-9-]+)/i.exec(tag);
    if (!open) continue;
    const name = open[1]!.toLowerCase();
    const own = /\slang="([^"]*)"/i.exec(tag)?.[1];
    const here = own ?? lang();
    for (const m of tag.matchAll(/\s([a-z-]+)="([^"]*)"/gi)) {
      const attribute = m[1]!.toLowerCase();
      const button = attribute === 'value' && name === 'input' && /type="(submit|button)"/i.test(tag);
      if (READ_ATTRIBUTES.has(attribute) || button) add(m[2]!, here);
    }
    if (!VOID.has(name) && !tag.endsWith('/>')) stack.push({ name, lang: here });
  }
  return seen;
}

/** i18n keys as they would leak: `ns:key.path` and the dotted key paths of every namespace. */
function localeKeys(): Set<string> {
  const keys = new Set<string>();
  const dir = path.resolve('locales/en');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const ns = file.replace(/\.json$/, '');
    const walk = (value: unknown, prefix: string) => {
      if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else if (prefix.includes('.')) {
        keys.add(prefix.replace(/_(zero|one|two|few|many|other)$/, ''));
        keys.add(`${ns}:${prefix}`);
      }
    };
    walk(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), '');
  }
  return keys;
}
const KEYS = localeKeys();

export function findingsIn(lines: Visible[], lng: Language): Omit<Finding, 'page' | 'where'>[] {
  const found: Omit<Finding, 'page' | 'where'>[] = [];
  for (const { text: raw, lang } of lines) {
    // `lang="zxx"`: no language at all, a machine record shown verbatim (the audit entry's summary
    // on the auditor's search page), declared so in the markup.
    if (lang === 'zxx') continue;
    const line = raw
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
      .replace(/\b[\w-]+\.(pdf|png|jpe?g|docx?|xlsx?|csv|json|zip|txt|md)\b/gi, ' ');
    const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?/.exec(line);
    if (iso) found.push({ kind: 'ISO timestamp', text: line });
    if (/[{[]\s*"[^"]*"\s*:/.test(line)) found.push({ kind: 'JSON', text: line });
    // A rule as the audit trail names it ("notice-period v1"): pages name it and its version in words.
    const rule = /(?<![\w-])[a-z]+(?:-[a-z]+)+ v\d+\b/.exec(line);
    if (rule) found.push({ kind: 'rule id', text: rule[0] });
    if (/\b(undefined|NaN|null|Invalid Date|\[object Object\])\b/.test(line))
      found.push({ kind: 'programming value', text: line });
    for (const m of line.matchAll(/(?<![\w.-])[a-z][\w-]*(?::[a-z][\w-]*)?(?:\.[a-zA-Z][\w-]*)+(?![\w-])/g)) {
      const token = m[0].replace(/\.$/, '');
      if (!token.includes('.') && !token.includes(':')) continue;
      if (KEYS.has(token) || token.includes(':')) found.push({ kind: 'i18n key', text: token });
      else found.push({ kind: 'dotted code', text: token });
    }
    // Text the markup declares to be in another language (an e-mail in its recipient's language) is not the page's.
    if (lng !== 'en' && (!lang || lang === lng)) {
      for (const word of ENGLISH) {
        if (new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'u').test(line))
          found.push({ kind: `English "${word}"`, text: line });
      }
    }
  }
  return found;
}

/** The test tenants' configs: the shipped ones, with all eight languages supported (to read each). */
function allLanguagesTenantsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-crawl-tenants-'));
  // The partners' files only: tenants/scenarios/ holds the training scenarios.
  for (const file of readdirSync(path.resolve('tenants')).filter((f) => f.endsWith('.yaml'))) {
    let text = readFileSync(path.resolve('tenants', file), 'utf8');
    if (file === 'kurdistan.yaml' || file === 'vietnam.yaml')
      text = text.replace(/^(\s*supported:\s*)\[[^\]]*\]/m, `$1[${LANGUAGES.join(', ')}]`);
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A title in each language: the test tenants take all eight, and a title is asked in each. */
const TITLES: Record<string, string> = {
  title_en: 'Medical equipment',
  title_ko: '의료 장비 구매',
  title_ckb: 'کڕینی ئامێری پزیشکی',
  title_ar: 'شراء أجهزة طبية',
  title_vi: 'Mua sắm thiết bị y tế',
  title_km: 'ការទិញឧបករណ៍វេជ្ជសាស្ត្រ',
  title_tet: 'Sosa ekipamentu médiku',
  title_pt: 'Aquisição de equipamento médico',
};

interface Crawl {
  world: TenderWorld;
  /** The ids each parameterised page is opened with. */
  ids: Record<string, string[]>;
  /** Pages with a parameter that could not be given an id in this tenant, with the reason. */
  unreachable: Record<string, string>;
  /** Pages opened with a query string (a link from an e-mail), each query as it is sent. */
  queries: Record<string, string[]>;
}

async function demoSupplier(world: TenderWorld): Promise<Bidder> {
  return inTenant(world.tenant, async (tx) => {
    const user = await tx('users')
      .where({ email: `supplier@${world.slug}.demo` })
      .first<{ id: string; supplier_id: string }>('id', 'supplier_id');
    return {
      supplierId: user.supplier_id,
      userId: user.id,
      email: `supplier@${world.slug}.demo`,
      registrationNo: 'DEMO-0001',
      auth: { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` },
    };
  });
}

/** A tenant holding a contracted tender, an open one the demo supplier bid on, and a draft. */
async function prepare(template: string, tenantsDir: string): Promise<Crawl> {
  // Every identity opens the unsubscribe page in every language: more than one address may in a quarter hour.
  const world = await buildTenant(template, {
    at: NOW,
    env: { TENANTS_DIR: tenantsDir, RATE_LIMITS: 'alert-unsubscribe=1000/60' },
  });
  const titles = TITLES;
  const contracted = await buildNotice(world, {
    state: 'contracted',
    fields: { ...titles, submissionDeadline: '2026-10-05T10:00', openingAt: '2026-10-05T11:00' },
  });
  const supplier = await demoSupplier(world);
  const open = await buildNotice(world, {
    state: 'open',
    fields: { ...titles, submissionDeadline: '2026-12-10T10:00', openingAt: '2026-12-10T11:00' },
    bids: [{ by: supplier, price: 90_000_000 }],
  });
  const plan = await publishedPlanEntry(world, titles);
  const draft = await draftNotice(world, {
    planEntryId: plan,
    ...titles,
    estimatedPrice: 100_000_000,
    submissionDeadline: '2026-12-20T10:00',
    openingAt: '2026-12-20T11:00',
  });
  const unreachable: Record<string, string> = {};
  const ids: Record<string, string[]> = {
    '/notices/:id': [contracted.id, open.id],
    '/notices/:id/bid': [open.id, contracted.id],
    '/notices/:id/evaluation': [contracted.id],
    '/notices/:id/timeline': [contracted.id, open.id],
    '/notices/:id/print': [contracted.id, open.id],
    // Neither crawled template has a project-review rule: the officer reads that none is needed.
    '/notices/:id/review': [contracted.id, open.id, draft],
    '/notices-desk/:id': [draft, open.id],
    '/notices-desk/:id/edit': [draft],
    '/notices-desk/:id/documents': [draft],
    '/notices-desk/:id/pre-specification': [draft],
    '/notices-desk/:id/addenda/new': [open.id],
    '/contracts/:id': [contracted.contract!.id],
    '/contracts/:id/deliveries': [contracted.contract!.id],
    '/contracts/:id/invoices': [contracted.contract!.id],
    '/contracts/:id/verify': [contracted.contract!.id],
    '/contracts/:id/print': [contracted.contract!.id],
    '/admin/suppliers/:id': [supplier.supplierId],
  };
  // The demo supplier's saved search: its change page, and the unsubscribe page its alerts link to.
  const saved = await request(world.app)
    .post(`/t/${world.slug}/api/v1/alerts`)
    .set(supplier.auth)
    .send({ name: 'Medical', keywords: 'Medical', categories: ['goods'], minValue: 1000, frequency: 'both' })
    .expect(201);
  const searchId = saved.body.id as string;
  ids['/alerts/:id/edit'] = [searchId];
  const secret = (await world.platform.services()).sessionSecret;
  const queries = {
    '/alerts/unsubscribe': [`?search=${searchId}&token=${unsubscribeToken(secret, world.slug, searchId)}`],
  };
  const disclosure = await request(world.app)
    .post(`/t/${world.slug}/api/v1/notices/${draft}/pre-specification?lng=en`)
    .set(world.officer)
    .send({ summary: 'Medical equipment: two scanners, installation and training included.' });
  if (disclosure.status === 201) ids['/pre-specifications/:id'] = [disclosure.body.id as string];
  else
    unreachable['/pre-specifications/:id'] =
      `no disclosure could be opened here: ${JSON.stringify(disclosure.body.errors ?? disclosure.body)}`;
  // The transparency portal's agency and supplier pages, the integrity and owners pages.
  const winner = contracted.winner!.bidder.supplierId;
  const agency = await inTenant(world.tenant, (tx) =>
    tx('agencies as a')
      .join('notices as n', 'n.agency_id', 'a.id')
      .where('n.id', contracted.id)
      .first<{ code: string }>('a.code'),
  );
  ids['/transparency/agencies/:code'] = [agency.code];
  ids['/transparency/suppliers/:id'] = [winner];
  ids['/integrity/tenders/:id'] = [contracted.id, open.id];
  ids['/integrity/suppliers/:id'] = [winner, supplier.supplierId];
  ids['/conflicts/suppliers/:id/people'] = [supplier.supplierId];
  // The mall's offer page: one agreement in force with two parties.
  const texts = Object.fromEntries(Object.entries(TITLES).map(([key, text]) => [key.slice('title_'.length), text]));
  const mall = await buildAgreement(world, {
    agreementNo: 'FA-2026-0001',
    title: texts,
    startsOn: '2026-08-01',
    endsOn: '2027-07-31',
    items: [{ classification: '42181500', description: texts, unit: '1', ceiling: 30_000, prices: [25_000, 26_000] }],
  });
  ids['/mall/items/:priceId'] = [mall.prices[0]![0]!];
  const briefing = await request(world.app).post(`/t/${world.slug}/api/v1/briefings?lng=en`).set(world.officer).send({
    noticeId: open.id,
    title: 'Briefing for bidders',
    startsAt: '2026-12-01T10:00',
    registrationDeadline: '2026-11-30T10:00',
    joinUrl: 'https://meet.example/briefing',
  });
  // The draft set up as a framework agreement: its terms form and the tendering agreement's page.
  const framework = await request(world.app)
    .put(`/t/${world.slug}/api/v1/notices/${draft}/framework`)
    .set(world.officer)
    .send({
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      maxValue: 500_000_000,
      maxParties: 5,
      items: [
        {
          number: 1,
          classification: '4211',
          description: 'Scanner',
          unit: 'EA',
          ceilingUnitPrice: 1_000_000,
          estimatedQuantity: 10,
        },
      ],
    })
    .expect(200);
  ids['/notices/:id/framework'] = [draft, open.id];
  ids['/frameworks/:id'] = [framework.body.id as string];
  if (briefing.status === 201) ids['/briefings/:id'] = [briefing.body.id as string];
  else
    unreachable['/briefings/:id'] =
      `no briefing could be scheduled here: ${JSON.stringify(briefing.body.errors ?? briefing.body)}`;
  // An innovative product in force, and a test purchase approved and evaluated.
  const product = await request(world.app)
    .post(`/t/${world.slug}/api/v1/innovation/products?lng=en`)
    .set(world.officer)
    .send({
      supplierId: supplier.supplierId,
      ...Object.fromEntries(
        ['ckb', 'ar', 'en', 'vi'].flatMap((l) => [
          [`name_${l}`, 'Robot R-2'],
          [`description_${l}`, 'Robot R-2'],
        ]),
      ),
      classification: '25101700',
      unit: 'pc',
      unitPrice: '1000',
      evidence: 'KTL-2026-0091',
      designatedFrom: '2026-09-01',
    })
    .expect(201);
  ids['/innovation/:id'] = [product.body.id as string];
  const test = await request(world.app)
    .post(`/t/${world.slug}/api/v1/innovation/products/${product.body.id as string}/test-purchases?lng=en`)
    .set(world.officer)
    .send({ quantity: 1, purpose: 'Pilot' })
    .expect(201);
  const checker = await inTenant(world.tenant, async (tx) => {
    const user = await tx('users')
      .where({ email: `checker@${world.slug}.demo` })
      .first<{ id: string }>('id');
    return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
  });
  const testId = test.body.id as string;
  await request(world.app)
    .post(`/t/${world.slug}/api/v1/innovation/test-purchases/${testId}/decision`)
    .set(checker)
    .send({ decision: 'approved' })
    .expect(200);
  await request(world.app)
    .post(`/t/${world.slug}/api/v1/innovation/test-purchases/${testId}/evaluation`)
    .set(world.officer)
    .send({ performance: 4, quality: 4, cost: 3, support: 5, findings: 'R-2', recommendation: 'adopt' })
    .expect(200);
  ids['/innovation/test-purchases/:id'] = [testId];
  ids['/innovation/test-purchases/:id/print'] = [testId];
  ids['/orders/:id'] = [await deliveryOrder(world, supplier)];
  return { world, ids, unreachable, queries };
}

/** A delivery order from the mall, placed with the demo supplier under an agreement (procurement/orders). */
async function deliveryOrder(world: TenderWorld, supplier: Bidder): Promise<string> {
  const framework = await buildFramework(world, {
    items: [{ description: TITLES[`title_${world.tenant.config.locales.default}`] ?? 'Desk', ceiling: 200_000 }],
    parties: [{ supplier, prices: [150_000] }],
    maxValue: 900_000_000,
    startsOn: '2026-08-01',
    endsOn: '2027-07-31',
  });
  const api = (path: string) => `/t/${world.slug}/api/v1${path}?lng=en`;
  const line = await request(world.app)
    .post(api('/budget-lines'))
    .set(world.officer)
    .send({ code: 'CRAWL-1', label: 'Office', amount: 90_000_000 })
    .expect(201);
  await request(world.app)
    .post(api('/mall/cart/items'))
    .set(world.officer)
    .send({ priceId: framework.parties[0]!.priceIds[0], quantity: 3 })
    .expect(201);
  const placed = await request(world.app)
    .post(api('/mall/cart/orders'))
    .set(world.officer)
    .send({ budgetLineId: line.body.id, deliveryAddress: 'Main office', deliverBy: '2026-12-31' })
    .expect(201);
  return (placed.body as { orders: { id: string }[] }).orders[0]!.id;
}

/** Which KNOWN entries matched a finding in this run. */
const used = new Set<number>();

const IDENTITIES = ['public', ...DEMO_ROLES] as const;

for (const template of ['kurdistan', 'vietnam']) {
  describe(`every page of ${template}, read in eight languages by each role`, function () {
    this.timeout(600_000);
    let crawl: Crawl;
    let pages: RouteEntry[];
    before(async function () {
      this.timeout(300_000);
      crawl = await prepare(template, allLanguagesTenantsDir());
      pages = pageList(tenantRouters(await crawl.world.platform.services()).pages);
    });
    after(() => crawl?.world.platform.close());

    it('has an id, or a stated reason, for every page with a parameter', () => {
      const missing = pages
        .filter((p) => p.path.includes(':'))
        .filter((p) => !crawl.ids[p.path] && !NOT_PAGES[p.path] && !crawl.unreachable[p.path])
        .map((p) => p.path);
      assert.deepEqual(missing, [], 'give these pages an id in prepare() or a reason in NOT_PAGES');
    });

    for (const identity of IDENTITIES) {
      it(`shows ${identity === 'public' ? 'the public' : `the ${identity}`} nothing raw on any page`, async () => {
        const { world, ids } = crawl;
        const agent: Agent =
          identity === 'public'
            ? request.agent(world.app)
            : await signIn(world.app, world.slug, `${identity}@${world.slug}.demo`);
        const findings: Finding[] = [];
        const failures: string[] = [];
        for (const page of pages) {
          if (NOT_PAGES[page.path] || crawl.unreachable[page.path]) continue;
          const urls = page.path.includes(':')
            ? ids[page.path]!.map((id) => page.path.replace(/:[A-Za-z]+/, id))
            : [page.path];
          const queried = crawl.queries[page.path];
          for (const url of queried ? urls.flatMap((u) => queried.map((q) => u + q)) : urls) {
            for (const lng of LANGUAGES) {
              const res = await agent
                .get(`/t/${world.slug}${url}${url.includes('?') ? '&' : '?'}lng=${lng}`)
                .redirects(0);
              if (res.status >= 500) failures.push(`${url} ${lng}: ${res.status}`);
              if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
              // A view local must not hide the layout's language switcher (one link per language).
              // (A printable page has no switcher at all, on purpose.)
              const switcher = /<nav class="language-switcher"[\s\S]*?<\/nav>/.exec(res.text)?.[0];
              const named = (code: string) => new RegExp(`hreflang="${code}"[^>]*>[^<\\s][^<]*</a>`).test(switcher!);
              if (switcher !== undefined && !LANGUAGES.every(named))
                findings.push({
                  page: page.path,
                  kind: 'language switcher',
                  text: 'not every language',
                  where: `${identity} ${lng} ${url}`,
                });
              for (const f of findingsIn(visibleText(res.text), lng)) {
                const finding = { ...f, page: page.path, where: `${identity} ${lng} ${url}` };
                const k = KNOWN.findIndex(
                  (kn) =>
                    kn.page === finding.page &&
                    kn.kind === finding.kind &&
                    (!kn.text || finding.text.includes(kn.text)),
                );
                if (k >= 0) used.add(k);
                else findings.push(finding);
              }
            }
          }
        }
        assert.deepEqual(failures, []);
        // One line per page, kind and text; the first place (role, language, URL) it was seen.
        const report = [
          ...new Map(findings.map((f) => [`${f.page} — ${f.kind}: ${f.text.slice(0, 160)}`, f.where])).entries(),
        ].map(([what, where]) => `${what}   [${where}]`);
        if (report.length > 0) {
          mkdirSync(ARTIFACTS, { recursive: true });
          writeFileSync(path.join(ARTIFACTS, `crawl-${template}-${identity}.txt`), `${report.join('\n')}\n`);
          assert.fail(`${report.length} things a person should not read:\n${report.join('\n')}`);
        }
      });
    }
  });
}

describe('the list of known findings', () => {
  it('holds only entries the crawl still finds', () => {
    assert.deepEqual(
      KNOWN.filter((_, i) => !used.has(i)),
      [],
      'these are fixed: remove them from KNOWN',
    );
  });
});
