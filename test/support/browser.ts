/**
 * What the browser tests (test/browser) share: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, which never downloads a browser; the app served on a loopback port; signing a
 * demo account in through the form; and the checks every page gets: no horizontal overflow, no
 * English interface string left untranslated, and no WCAG 2.1 A/AA violation found by axe-core.
 * Screenshots go to test/artifacts, which CI keeps.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { freshTotp } from './session.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test/artifacts');

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need Debian's package ` +
        '(apt-get install -y chromium; .ci/run installs it). playwright-core never downloads a browser.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** The app on a free loopback port. */
export function listen(app: Express): Promise<{ server: http.Server; origin: string }> {
  return new Promise((resolve) => {
    const server = http.createServer(app).listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

export function closeServer(server: http.Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** Opens a page, expecting 200, and waits for its web fonts (screenshots show the real glyphs). */
export async function load(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
  await page.evaluate('document.fonts.ready.then(() => true)');
}

/** Signs a demo account in through the form (the second factor by TOTP); returns where it landed. */
export async function signInThroughForm(page: Page, origin: string, slug: string, role: string): Promise<string> {
  const email = `${role}@${slug}.demo`;
  await page.goto(`${origin}/t/${slug}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/(work|second-factor)/), page.click('main button[type=submit]')]);
  if (page.url().includes('second-factor')) {
    await page.fill('input[name=code]', await freshTotp(`${slug}/${email}`));
    await Promise.all([page.waitForURL(/\/work$/), page.click('main button[type=submit]')]);
  }
  return new URL(page.url()).pathname;
}

export async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
}

export async function overflows(page: Page): Promise<boolean> {
  const { scrollWidth, clientWidth } = await overflow(page);
  return scrollWidth > clientWidth;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} } }).then((r) =>
  r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + '\\n' +
    v.nodes.map((n) => '    ' + n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')).join('\\n')))`;

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page, one line per rule with the elements
 * and what is wrong with each. The pages' CSP forbids inline scripts: the page's context must be
 * opened with `bypassCSP: true` for axe to be injected.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate<string[]>(AXE_RUN);
}

/** Every string of a language's locale files, flattened. */
export function localeStrings(lng: string): string[] {
  const dir = path.resolve('locales', lng);
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value.trim());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  }
  return out;
}

export const ENGLISH = localeStrings('en');

/**
 * English interface strings among a page's texts: equal to an English value (or to its pattern,
 * placeholders standing for anything), unless that is also this language's own translation.
 * Numbers, codes and text marked as another language (the language switcher) are not checked.
 */
export function untranslated(texts: string[], lng: string): string[] {
  const own = new Set(localeStrings(lng));
  const exact = new Set(ENGLISH.filter((s) => !own.has(s) && /\p{L}/u.test(s)));
  const patterns = ENGLISH.filter(
    (s) => s.includes('{{') && s.replace(/\{\{[^}]*\}\}/g, '').replace(/\P{L}/gu, '').length >= 6,
  )
    .filter((s) => !own.has(s))
    .map(
      (s) =>
        new RegExp(
          `^${s
            .split(/\{\{[^}]*\}\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.+')}$`,
          'su',
        ),
    );
  return texts.filter((text) => exact.has(text) || patterns.some((p) => p.test(text)));
}

/** In the page: the visible text nodes and labelling attributes in the page's own language. */
export const PAGE_TEXTS = `(() => {
  const lang = document.documentElement.lang;
  const texts = [];
  const ownLanguage = (el) => (el.closest('[lang]')?.getAttribute('lang') ?? lang) === lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!el || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!el.checkVisibility({ visibilityProperty: true }) || !ownLanguage(el)) continue;
    texts.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (!ownLanguage(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value.trim());
    }
  }
  return texts;
})()`;
