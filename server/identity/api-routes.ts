/** Machine access: bearer tokens (`POST /api/v1/auth/token`), revocation and the caller's identity. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import type { ApiDoc } from '../http/api-doc-legacy.js';
import { parseInput } from '../http/validate.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { issueApiToken, revokeApiToken } from './api-tokens.js';
import { clientDevice } from './devices.js';
import { auditContextOf } from './passport.js';
import { publicRoute, requirePolicy } from './policy.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';

export const TokenRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  secondFactor: z.string().max(40).optional().describe('TOTP code or recovery code, for accounts with a second factor'),
});
const TokenResponse = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string() });
const Me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  tenant: z.string(),
});

export function identityApiRoutes(services: Deps, doc: ApiDoc): Router {
  const router = Router();

  doc.add({
    method: 'post',
    path: '/auth/token',
    tag: 'identity',
    summary: 'Exchange e-mail and password (and second factor) for a bearer token',
    authenticated: false,
    body: TokenRequest,
    responses: {
      '201': { description: 'Token issued', schema: TokenResponse },
      '401': { description: 'Wrong credentials (no hint which part), or second factor missing' },
      '403': { description: 'The role requires a second factor that is not enrolled yet' },
      '422': { description: 'Invalid input' },
      '429': { description: 'Too many token requests or failed attempts from this address; see Retry-After' },
    },
  });
  router.post('/auth/token', publicRoute, services.limits.perAddress('api-token'), async (req, res) => {
    const tenant = req.tenant!;
    const input = parseInput(TokenRequest, req.body ?? {});
    const outcome = await services.login.passwordStep(tenant, auditContextOf(req), clientDevice(req), {
      email: input.email,
      password: input.password,
      secondFactor: input.secondFactor,
    });
    if (outcome.kind === 'throttled') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      throw new AppError('login_throttled', 429, 'identity:login_throttled', {
        minutes: Math.ceil(outcome.retryAfterSeconds / 60),
      });
    }
    if (outcome.kind === 'second-factor-needed')
      throw new AppError('second_factor_required', 401, 'identity:second_factor_required');
    if (outcome.kind === 'refused')
      throw new AppError(
        'invalid_credentials',
        401,
        outcome.reason === 'unverified' ? 'identity:login_unverified' : 'identity:login_failed',
      );
    if (
      outcome.mustEnrollSecondFactor ||
      (tenantRequiresSecondFactor(req.tenant!, outcome.user.roles) && !outcome.user.secondFactorEnabled)
    ) {
      throw new AppError('second_factor_enrolment_required', 403, 'identity:second_factor_enrolment_required');
    }
    const issued = await inTenant(tenant, async (tx) => {
      const token = await issueApiToken(tx, outcome.user.id);
      await services.audit.record(
        tx,
        tenant,
        { ...auditContextOf(req), actor: { type: 'user', id: outcome.user.id, label: outcome.user.email } },
        {
          action: 'auth.token-issued',
          target: { type: 'api-token', id: token.id },
        },
      );
      return token;
    });
    res.status(201).json({ token: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt.toISOString() });
  });

  doc.add({
    method: 'delete',
    path: '/auth/token',
    tag: 'identity',
    summary: 'Revoke the bearer token used for this request',
    authenticated: true,
    responses: { '204': { description: 'Revoked' }, '401': { description: 'No valid token' } },
  });
  router.delete('/auth/token', requirePolicy('account:use'), async (req, res) => {
    const tenant = req.tenant!;
    const tokenId = req.apiTokenId;
    if (!tokenId) throw new AppError('bearer_required', 400, 'identity:bearer_required');
    await inTenant(tenant, async (tx) => {
      await revokeApiToken(tx, tokenId);
      await services.audit.record(tx, tenant, auditContextOf(req), {
        action: 'auth.token-revoked',
        target: { type: 'api-token', id: tokenId },
      });
    });
    res.status(204).end();
  });

  doc.add({
    method: 'get',
    path: '/me',
    tag: 'identity',
    summary: 'The account the token belongs to',
    authenticated: true,
    responses: { '200': { description: 'The account', schema: Me }, '401': { description: 'No valid token' } },
  });
  router.get('/me', requirePolicy('account:use'), (req, res) => {
    const u = req.user!;
    res.json({ id: u.id, email: u.email, displayName: u.displayName, roles: u.roles, tenant: u.tenant });
  });

  return router;
}
