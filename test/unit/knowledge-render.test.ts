import assert from 'node:assert/strict';
import path from 'node:path';
import type { i18n } from 'i18next';
import { shippedArticles } from '../../server/callcenter/knowledge-files.js';
import {
  articleText,
  renderArticle,
  substituteTerms,
  tenantTerms,
  unknownTerms,
  type TermLookup,
} from '../../server/callcenter/knowledge-render.js';
import { slugFromTitle } from '../../server/callcenter/knowledge-service.js';
import { createI18n } from '../../server/i18n/i18n.js';
import { LANGUAGES } from '../../server/i18n/languages.js';
import { loadTenantConfigs } from '../../server/tenancy/configs.js';

const noTerms: TermLookup = () => undefined;

describe('knowledge articles', () => {
  let instance: i18n;
  before(async () => (instance = await createI18n()));

  describe('rendering', () => {
    it('shows raw HTML written in the Markdown as text, never as markup', () => {
      const html = renderArticle(
        'Hello <script>alert(1)</script> and <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>',
        noTerms,
      );
      assert.doesNotMatch(html, /<(script|img|div)\b|<[^>]*(onerror|onclick)/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&lt;div onclick="x\(\)"&gt;block&lt;\/div&gt;/);
    });

    it('removes script and other non-web links, and keeps web and mail links with rel="noopener noreferrer"', () => {
      const html = renderArticle(
        [
          '[one](javascript:alert(1)) <javascript:alert(2)> [two](JAVASCRIPT:alert(3)) [three](data:text/html,x)',
          '[four](vbscript:x) [five](ftp://files.example.org/a)',
          '[web](https://example.org/help) [mail](mailto:help@example.org) http://plain.example.org',
        ].join('\n\n'),
        noTerms,
      );
      assert.doesNotMatch(html, /href="(javascript|vbscript|data|ftp):/i);
      assert.match(html, /<a href="https:\/\/example.org\/help" rel="noopener noreferrer">web<\/a>/);
      assert.match(html, /<a href="mailto:help@example.org" rel="noopener noreferrer">mail<\/a>/);
      // linkify: a bare web address becomes a link too.
      assert.match(html, /<a href="http:\/\/plain.example.org" rel="noopener noreferrer">/);
      for (const a of html.match(/<a [^>]*>/g) ?? []) assert.match(a, /rel="noopener noreferrer"/);
    });

    it('keeps headings below the page title and plain formatting', () => {
      const html = renderArticle('# Top\n\n## Sub\n\n- **bold** and *em* and `code`\n\n1. one\n2. two', noTerms);
      assert.match(html, /<h2>Top<\/h2>/);
      assert.doesNotMatch(html, /<h1/);
      assert.match(html, /<li><strong>bold<\/strong> and <em>em<\/em> and <code>code<\/code><\/li>/);
      assert.match(html, /<ol>\s*<li>one<\/li>/);
    });
  });

  describe('terms', () => {
    const kurdistan = loadTenantConfigs(path.resolve('tenants'))
      .all()
      .find((c) => c.slug === 'kurdistan')!;

    it("substitutes the tenant's own word, in the article's language, before rendering", () => {
      const source = 'The {{term:knowledge:term_notice}} is under **{{term:common:nav_notices}}**.';
      const english = renderArticle(source, tenantTerms(instance, { config: kurdistan }, 'en'));
      assert.match(english, /The tender announcement is under <strong>Tender announcements<\/strong>\./);
      const arabic = renderArticle(source, tenantTerms(instance, { config: kurdistan }, 'ar'));
      assert.match(arabic, /إعلان المناقصة/);
      const shipped = renderArticle(source, tenantTerms(instance, { config: { ...kurdistan, terminology: {} } }, 'en'));
      assert.match(shipped, /The bid notice is under <strong>Bid notices<\/strong>/);
    });

    it('reads a term as the words it is: its Markdown or HTML characters stay text', () => {
      const terms: TermLookup = (key) =>
        key === 'common:nav_notices' ? '*Notices* <b>[x](javascript:y)</b>' : undefined;
      const html = renderArticle('See {{term:common:nav_notices}}.', terms);
      assert.match(html, /See \*Notices\* &lt;b&gt;\[x\]\(javascript:y\)&lt;\/b&gt;\./);
      assert.equal(articleText('See {{term:common:nav_notices}}.', terms), 'See *Notices* <b>[x](javascript:y)</b>.');
    });

    it('names the references that name no term, and leaves them as written', () => {
      const terms = tenantTerms(instance, { config: kurdistan }, 'en');
      const source = '{{term:common:nav_notices}} {{term:common:no_such_key}} {{term:mail:tender_opened_subject}}';
      // A sentence with a placeholder is not a term.
      assert.deepEqual(unknownTerms(source, terms), ['common:no_such_key', 'mail:tender_opened_subject']);
      assert.match(substituteTerms(source, terms), /^Tender announcements \{\{term:common:no_such_key\}\}/);
    });
  });

  it('writes an article as plain text for e-mail: lists marked, links with their address', () => {
    const text = articleText(
      '## Steps\n\n1. Open [the site](https://example.org).\n2. Sign in:\n   - with **your** e-mail\n\nDone: https://example.org/x',
      noTerms,
    );
    assert.equal(
      text,
      [
        'Steps',
        '',
        '1. Open the site (https://example.org).',
        '2. Sign in:',
        '   - with your e-mail',
        '',
        'Done: https://example.org/x',
      ].join('\n'),
    );
  });

  it('makes a slug of a title in Latin letters, and a plain one of any other script', () => {
    assert.equal(slugFromTitle('Renewing a supplier registration'), 'renewing-a-supplier-registration');
    assert.equal(slugFromTitle('Gia hạn đăng ký nhà thầu'), 'gia-han-dang-ky-nha-thau');
    assert.equal(slugFromTitle('ការបន្តសុពលភាព'), 'article');
    assert.ok(slugFromTitle('word '.repeat(30)).length <= 60);
  });

  describe('the shipped articles (tenants/knowledge)', () => {
    const articles = shippedArticles();
    const slugs = [...new Set(articles.map((a) => a.slug))];

    it('has each article in all eight languages, on one topic', () => {
      assert.ok(slugs.length >= 4, `only ${slugs.length} articles`);
      for (const slug of slugs) {
        const versions = articles.filter((a) => a.slug === slug);
        assert.deepEqual(versions.map((a) => a.language).sort(), [...LANGUAGES].sort(), slug);
        assert.equal(new Set(versions.map((a) => a.topic)).size, 1, `${slug}: one topic in every language`);
      }
    });

    it('names only known terms, and renders every reference in every language', () => {
      const kurdistan = loadTenantConfigs(path.resolve('tenants'))
        .all()
        .find((c) => c.slug === 'kurdistan')!;
      for (const a of articles) {
        const terms = tenantTerms(instance, { config: kurdistan }, a.language);
        assert.deepEqual(unknownTerms(a.body, terms), [], `${a.slug}/${a.language}.md`);
        assert.doesNotMatch(renderArticle(a.body, terms), /\{\{|\}\}/, `${a.slug}/${a.language}.md`);
      }
    });
  });
});
