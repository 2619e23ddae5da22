/** The signed-in user's own account: overview and second-factor enrolment (with recovery codes). */
import { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { formatList } from '../i18n/format.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { csrfProtection } from './csrf.js';
import { auditContextOf } from './passport.js';
import { requirePolicy, signedInRoute } from './policy.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import { checkTotp, enableTotp, newTotpSecret, totpUri } from './second-factor.js';
import { findUserById } from './users.js';
import { tenantDisplayName } from '../http/tenant-locals.js';

type Csrf = ReturnType<typeof csrfProtection>;
const CodeForm = z.object({ code: z.string().max(12) });

export function accountRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();

  router.get('/account', requirePolicy('account:use'), csrf.token, (req, res) => {
    const user = req.user!;
    res.render('identity/account', {
      title: req.t('identity:account_title'),
      user,
      roles: formatList(
        user.roles.map((r) => req.t(`identity:role_${r.replace('-', '_')}`)),
        req.lng,
      ),
      secondFactorRequired: tenantRequiresSecondFactor(req.tenant!, user.roles),
    });
  });

  const enrolmentPage = async (req: Parameters<Parameters<typeof router.get>[1]>[0], secret: string) => {
    const issuer = tenantDisplayName(req.tenant!, req.lng);
    const uri = totpUri(issuer, req.user!.email, secret);
    return {
      title: req.t('identity:enrol_title'),
      qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }),
      secret,
      required: tenantRequiresSecondFactor(req.tenant!, req.user!.roles),
    };
  };

  router.get('/account/second-factor', signedInRoute, csrf.token, async (req, res) => {
    if (req.user!.secondFactorEnabled)
      return res.render('identity/message', {
        title: req.t('identity:enrol_title'),
        message: req.t('identity:enrol_already'),
      });
    const tenant = req.tenant!;
    const secret = newTotpSecret();
    req.session.enrolment = (await services.keys.ofTenant(tenant)).seal('totp-secret', secret);
    res.render('identity/enrol', await enrolmentPage(req, secret));
  });

  router.post('/account/second-factor', signedInRoute, csrf.protect, csrf.token, async (req, res) => {
    const tenant = req.tenant!;
    const sealed = req.session.enrolment;
    if (!sealed || req.user!.secondFactorEnabled) return res.redirect(303, `${req.baseUrl}/account`);
    const form = CodeForm.safeParse(req.body);
    let secret = '';
    const codes = await inTenant(tenant, async (tx) => {
      const keyring = await services.keys.forTenant(tx, tenant.slug);
      secret = keyring.open('totp-secret', sealed).toString();
      const user = (await findUserById(tx, req.user!.id))!;
      const step = await checkTotp(keyring, user, form.success ? form.data.code : '', secret);
      if (step === null) return undefined;
      const recovery = await enableTotp(tx, keyring, user.id, secret, step);
      await services.audit.record(tx, tenant, auditContextOf(req), {
        action: 'auth.second-factor-enabled',
        target: { type: 'user', id: user.id },
      });
      return recovery;
    });
    if (!codes) {
      return res
        .status(422)
        .render('identity/enrol', { ...(await enrolmentPage(req, secret)), error: req.t('identity:enrol_wrong_code') });
    }
    delete req.session.enrolment;
    res.render('identity/recovery-codes', { title: req.t('identity:recovery_title'), codes });
  });

  return router;
}
