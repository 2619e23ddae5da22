/** What the account pages show: the overview, and the second-factor enrolment with its QR code. */
import type { Request } from 'express';
import QRCode from 'qrcode';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { formatList } from '../i18n/format.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import { totpUri } from './second-factor.js';
import type { SessionUser } from './users.js';

export function accountPageModel(req: Request, user: SessionUser) {
  return {
    title: req.t('identity:account_title'),
    user,
    roles: formatList(
      user.roles.map((r) => req.t(`identity:role_${r.replace('-', '_')}`)),
      req.lng,
    ),
    secondFactorRequired: tenantRequiresSecondFactor(req.actor.tenant, user.roles),
  };
}

export async function enrolPageModel(req: Request, user: SessionUser, secret: string) {
  const issuer = tenantDisplayName(req.actor.tenant, req.lng);
  const uri = totpUri(issuer, user.email, secret);
  return {
    title: req.t('identity:enrol_title'),
    qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }),
    secret,
    required: tenantRequiresSecondFactor(req.actor.tenant, user.roles),
  };
}
