/**
 * Printing a page to PDF with headless Chromium (Debian's package, driven by
 * playwright-core; no browser is ever downloaded). pdfkit cannot lay out right-to-left text; a
 * browser can. One browser per process, launched on the first print and closed at shutdown; each
 * print gets its own page and a time limit. Where Chromium is missing the printable HTML page
 * still works and printing answers 503, naming what to install.
 *
 * A print costs a Chromium page's memory and CPU: at most `concurrency` run at once per process
 * (CONTRACT_PDF_CONCURRENCY), the next ones wait their turn, and past QUEUE_PER_PRINT waiting per
 * running print a request answers 503 busy rather than pile up. (Each client address is also held
 * to the `contract-pdf` rate limit.)
 */
import { existsSync } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser } from 'playwright-core';
import { AppError, ServerBusyError } from '../http/errors.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const LAUNCH_TIMEOUT_MS = 20_000;
const PRINT_TIMEOUT_MS = 30_000;
const QUEUE_PER_PRINT = 10;

export class PdfUnavailableError extends AppError {
  constructor(executablePath: string) {
    super('pdf_unavailable', 503, 'contracts:pdf_unavailable', { path: executablePath, package: 'chromium' });
  }
}

export class PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private readonly turns: LimitFunction;

  constructor(
    readonly executablePath = CHROMIUM_PATH,
    readonly concurrency = 2,
  ) {
    this.turns = pLimit(concurrency);
  }

  available(): boolean {
    return existsSync(this.executablePath);
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      // Loaded on the first print: most processes never print.
      const launching = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({
            executablePath: this.executablePath,
            headless: true,
            args: ['--no-sandbox', '--disable-dev-shm-usage'],
            timeout: LAUNCH_TIMEOUT_MS,
          }),
        )
        .then((browser) => {
          // A crashed browser is launched again on the next print.
          browser.on('disconnected', () => {
            if (this.browser === launching) this.browser = undefined;
          });
          return browser;
        });
      launching.catch(() => {
        if (this.browser === launching) this.browser = undefined;
      });
      this.browser = launching;
    }
    return this.browser;
  }

  /** A4 PDF of a complete HTML document (fonts inlined: the page loads nothing), in its turn. */
  async print(html: string): Promise<Buffer> {
    if (!this.available()) throw new PdfUnavailableError(this.executablePath);
    if (this.turns.pendingCount >= this.concurrency * QUEUE_PER_PRINT) throw new ServerBusyError();
    return this.turns(() => this.printNow(html));
  }

  private async printNow(html: string): Promise<Buffer> {
    let browser: Browser;
    try {
      browser = await this.launch();
    } catch {
      throw new PdfUnavailableError(this.executablePath);
    }
    // Offline: the document is self-contained, and printing must never fetch anything.
    const context = await browser.newContext({ offline: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(PRINT_TIMEOUT_MS);
      await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      });
    } finally {
      await context.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => {});
  }
}
