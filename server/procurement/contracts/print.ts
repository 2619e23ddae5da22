/**
 * The printable contract: a self-contained HTML document (its own minimal layout, fonts inlined)
 * in the tenant's default language unless `?lng=` names another of its languages; and the PDF
 * Chromium prints from it. The pages and the API serve both through these two functions.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { directionOf, isLanguage, type Language } from '../../i18n/languages.js';
import { tenantTranslator } from '../../i18n/terminology.js';
import type { Deps } from '../../deps.js';
import { inlineFontCss, fontStack } from './fonts.js';
import { contractModel } from './page-model.js';
import { PdfUnavailableError } from '../../print/pdf-printer.js';
import type { ContractDetail } from './read.js';

/** The printable document's query: `?lng=` names one of the tenant's languages. */
export const PrintQuery = z.object({
  lng: z.string().optional().describe("One of the tenant's languages; else its default language"),
});

/** `?lng=` when the tenant offers it, else the tenant's default language (not the reader's). */
export function printLanguage(req: Request): Language {
  const c = req.actor.tenant.config;
  const asked = req.query.lng;
  return isLanguage(asked) && c.locales.supported.includes(asked) ? asked : c.locales.default;
}

function render(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? '')));
  });
}

export async function contractDocument(
  services: Pick<Deps, 'i18n'>,
  req: Request,
  res: Response,
  detail: ContractDetail,
): Promise<string> {
  const lng = printLanguage(req);
  const tenant = req.actor.tenant;
  const t = tenantTranslator(services.i18n, tenant, lng);
  const c = tenant.config;
  const locals = {
    layout: false,
    lng,
    dir: directionOf(lng),
    t,
    title: t('contracts:print_title', { number: detail.contract.contract_no }),
    tenantName: c.names[lng] ?? c.names[c.locales.default] ?? tenant.slug,
    contract: contractModel(tenant, lng, t, detail),
    fontFamily: fontStack(lng),
    fontCss: '',
    // A contract printed in a training sandbox says so on its face.
    sandbox: tenant.kind === 'sandbox',
  };
  // Rendered twice: the first pass tells which characters (so which font files) the page needs.
  const draft = await render(res, 'contracts/print', locals);
  return render(res, 'contracts/print', { ...locals, fontCss: inlineFontCss(draft) });
}

export async function sendContractPdf(
  services: Pick<Deps, 'i18n' | 'printer'>,
  req: Request,
  res: Response,
  detail: ContractDetail,
): Promise<void> {
  const printer = services.printer;
  if (!printer.available()) throw new PdfUnavailableError(printer.executablePath);
  const pdf = await printer.print(await contractDocument(services, req, res, detail));
  res
    .type('application/pdf')
    .setHeader('Content-Disposition', `inline; filename="${detail.contract.contract_no}.pdf"`)
    .send(pdf);
}
