/**
 * The trainer's handout: one card per trainee with the sandbox's address, their sign-in names,
 * their password and their authenticator key as a QR code, printed to PDF in one of the sandbox's
 * languages. Opening the sealed passwords is recorded in the sandbox's audit trail.
 */
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import { tenantLink } from '../http/origin.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { formatDateTime } from '../i18n/format.js';
import { directionOf, isLanguage, type Language } from '../i18n/languages.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { totpUri } from '../identity/second-factor.js';
import { fontStack, inlineFontCss } from '../procurement/contracts/fonts.js';
import { PdfUnavailableError } from '../print/pdf-printer.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { traineeCards } from './trainees.js';

type HandoutDeps = Pick<Deps, 'keys' | 'i18n' | 'audit' | 'printer' | 'publicUrl'>;

/** `?lng=` when the sandbox is taught in it, else its default language. */
export function handoutLanguage(tenant: TenantHandle, asked: unknown): Language {
  const locales = tenant.config.locales;
  return isLanguage(asked) && locales.supported.includes(asked) ? asked : locales.default;
}

function render(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? '')));
  });
}

export async function sendHandoutPdf(
  deps: HandoutDeps,
  audit: AuditContext,
  tenant: TenantHandle,
  req: Request,
  res: Response,
): Promise<void> {
  if (!deps.printer.available()) throw new PdfUnavailableError(deps.printer.executablePath);
  const lng = handoutLanguage(tenant, req.query.lng);
  const { cards, at } = await inTenant(tenant, async (tx) => {
    const opened = await traineeCards(deps, tx, tenant);
    await deps.audit.record(tx, tenant, audit, {
      action: 'sandbox.handout-printed',
      summary: { trainees: opened.length, language: lng },
    });
    return { cards: opened, at: await now(tx) };
  });
  const t = tenantTranslator(deps.i18n, tenant, lng);
  const name = tenantDisplayName(tenant, lng);
  // The handout is printed from the staff desk (no base path): the sandbox's own address.
  const address = tenantLink(req, deps.publicUrl, `/s/${tenant.slug}/`);
  const locals = {
    layout: false,
    lng,
    dir: directionOf(lng),
    t,
    title: t('sandbox:handout_title', { name }),
    tenantName: name,
    address,
    printedText: formatDateTime(at, lng, tenant.config.timeZone, tenant.config.numberingSystem),
    cards: await Promise.all(
      cards.map(async (card) => ({
        name: t('sandbox:trainee_name', { n: card.number }),
        password: card.password,
        secret: card.totpSecret.replace(/(.{4})/g, '$1 ').trim(),
        accounts: card.accounts.map((a) => ({ email: a.email, role: t(`identity:role_${a.role}`) })),
        qr: await QRCode.toDataURL(totpUri(name, `t${card.number}@${tenant.slug}`, card.totpSecret), {
          margin: 1,
          width: 160,
        }),
      })),
    ),
    fontFamily: fontStack(lng),
    fontCss: '',
  };
  // Rendered twice: the first pass tells which characters (so which font files) the page needs.
  const draft = await render(res, 'sandbox/handout', locals);
  const pdf = await deps.printer.print(
    await render(res, 'sandbox/handout', { ...locals, fontCss: inlineFontCss(draft) }),
  );
  res
    .type('application/pdf')
    .set('Content-Disposition', `attachment; filename="${tenant.slug}-handout-${lng}.pdf"`)
    .set('Cache-Control', 'no-store')
    .send(pdf);
}
