/** Machine access: bearer tokens (`POST /api/v1/auth/token`), revocation and the caller's identity. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { operations } from '../http/operation.js';
import { validate } from '../http/validate.js';
import { clientDevice } from './devices.js';
import { publicRoute, requirePolicy } from './policy.js';
import { apiTokenService } from './token-service.js';
import type { SessionUser } from './users.js';

const operation = operations('identity');

export const TokenRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  secondFactor: z.string().max(40).optional().describe('TOTP code or recovery code, for accounts with a second factor'),
});
const TokenResponse = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.iso.datetime() });
const Me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  tenant: z.string(),
});

const me = (u: SessionUser): z.infer<typeof Me> => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  tenant: u.tenant,
});

export function identityApiRoutes(services: Deps): Router {
  const router = Router();
  const tokens = apiTokenService(services);

  router.post(
    '/auth/token',
    operation({
      id: 'issueApiToken',
      summary: 'Exchange e-mail and password (and second factor) for a bearer token',
      responses: {
        201: { description: 'Token issued', schema: TokenResponse },
        401: 'Wrong credentials (no hint which part), or second factor missing',
        403: 'The role requires a second factor that is not enrolled yet',
        429: 'Too many token requests or failed attempts from this address; see Retry-After',
      },
    }),
    publicRoute,
    services.limits.perAddress('api-token'),
    validate({ body: TokenRequest }),
    async (req, res) => {
      const issued = await tokens.issue(req.actor, { ...req.body, device: clientDevice(req) });
      res.status(201).json(issued);
    },
  );

  router.delete(
    '/auth/token',
    operation({
      id: 'revokeApiToken',
      summary: 'Revoke the bearer token used for this request',
      responses: { 204: 'Revoked', 400: 'The request was not made with a bearer token' },
    }),
    requirePolicy('account:use'),
    async (req, res) => {
      await tokens.revoke(req.actor, req.apiTokenId);
      res.status(204).end();
    },
  );

  router.get(
    '/me',
    operation({
      id: 'getMe',
      summary: 'The account the token belongs to',
      responses: { 200: { description: 'The account', schema: Me } },
    }),
    requirePolicy('account:use'),
    (req, res) => {
      res.json(me(req.actor.user!));
    },
  );

  return router;
}
