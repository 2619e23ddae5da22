/**
 * Builds the Express app from its parts. The only place that wires services into routes; main.ts
 * and the tests hand it the services to use.
 */
import { sandboxApi } from './sandbox/api.js';
import { sandboxPages } from './sandbox/routes.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { adminPages } from './admin/routes.js';
import { pendingForDecider } from './approvals/read.js';
import { mayRequireMutualChecks } from './regulations/mutual-checks.js';
import { approvalPages } from './approvals/routes.js';
import { invitationPages } from './admin/invitation-routes.js';
import { auditHeadsApi } from './audit/heads-api.js';
import { auditPages } from './audit/routes.js';
import { homeApi } from './home/api.js';
import { homePages } from './home/routes.js';
import { workPages } from './work/routes.js';
import { alertPages } from './alerts/routes.js';
import { alertApi } from './alerts/api.js';
import { signingKeysApi } from './crypto/signing-keys-api.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { fontAssets } from './http/fonts.js';
import { passkeyAssets } from './passkeys/assets.js';
import { passkeyPages } from './passkeys/routes.js';
import { healthRouter, type ReadinessCheck } from './http/health.js';
import { metricsBehindToken } from './http/metrics-access.js';
import { localize } from './http/language.js';
import { requestLogging } from './http/request-log.js';
import { openApiDocument, openApiDocuments } from './http/openapi.js';
import { routeTable } from './http/route-table.js';
import { actorStep } from './identity/actor.js';
import './http/request-types.js';
import { navigationFor } from './http/navigation.js';
import { formatNumber } from './i18n/format.js';
import { tenantLocals } from './http/tenant-locals.js';
import { useViews } from './http/views.js';
import { accountRoutes } from './identity/account-routes.js';
import { conflictPages } from './conflicts/routes.js';
import { identityApiRoutes } from './identity/api-routes.js';
import { bearerAuth } from './identity/api-tokens.js';
import { csrfProtection } from './identity/csrf.js';
import { loginRoutes } from './identity/login-routes.js';
import { createPassport } from './identity/passport.js';
import { passwordRoutes } from './identity/password-routes.js';
import { passwordChangeRoutes } from './identity/password-change-routes.js';
import { verificationResendRoutes } from './identity/verification-resend-routes.js';
import { can, publicRoute } from './identity/policy.js';
import { tenantSessions, withSession } from './identity/session.js';
import { outboxPages } from './mail/outbox-routes.js';
import { ocdsApi } from './ocds/api.js';
import { integrityPages } from './integrity/routes.js';
import { platformRouter } from './platform/router.js';
import { staffPages } from './platform/staff-routes.js';
import { callCenterPages } from './callcenter/console-routes.js';
import { knowledgePages } from './callcenter/knowledge-routes.js';
import { supplierAdminPages } from './suppliers/admin-routes.js';
import { supplierPages } from './suppliers/routes.js';
import { rulesPages } from './regulations/routes.js';
import { planApi } from './procurement/plans/api.js';
import { planPages } from './procurement/plans/routes.js';
import { targetPages } from './targets/routes.js';
import { awardApi } from './procurement/awards/api.js';
import { awardPages } from './procurement/awards/routes.js';
import { evaluationPages } from './procurement/evaluation/routes.js';
import { evaluationApi } from './procurement/evaluation/api.js';
import { bidApi } from './procurement/bids/api.js';
import { bidPages } from './procurement/bids/routes.js';
import { openingApi } from './procurement/opening/api.js';
import { openingPages } from './procurement/opening/routes.js';
import { noticeApi } from './procurement/notices/api.js';
import { noticePages } from './procurement/notices/routes.js';
import { officerNoticePages } from './procurement/notices/officer-routes.js';
import { addendumApi } from './procurement/notices/addenda-api.js';
import { addendumPages } from './procurement/notices/addenda-routes.js';
import { noticeDocumentApi } from './procurement/notices/document-api.js';
import { noticeDocumentPages } from './procurement/notices/document-routes.js';
import { outagePages } from './platform/outage-routes.js';
import { callCenterReportPages } from './callcenter/report-routes.js';
import { preSpecificationApi } from './procurement/prespec/api.js';
import { preSpecificationPages } from './procurement/prespec/routes.js';
import { contractApi } from './procurement/contracts/api.js';
import { contractPages } from './procurement/contracts/routes.js';
import { deliveryApi } from './procurement/deliveries/api.js';
import { deliveryPages } from './procurement/deliveries/routes.js';
import { innovationApi } from './procurement/innovation/api.js';
import { innovationPages } from './procurement/innovation/routes.js';
import { frameworkApi } from './procurement/frameworks/api.js';
import { frameworkPages } from './procurement/frameworks/routes.js';
import { orderApi } from './procurement/orders/api.js';
import { orderPages } from './procurement/orders/routes.js';
import { competitionApi } from './procurement/second-competition/api.js';
import { competitionPages } from './procurement/second-competition/routes.js';
import { paymentApi } from './procurement/payments/api.js';
import { paymentPages } from './procurement/payments/routes.js';
import { timelineApi } from './procurement/timeline/api.js';
import { timelinePages } from './procurement/timeline/routes.js';
import { mallPages } from './mall/routes.js';
import { transparencyPages } from './transparency/routes.js';
import { briefingApi } from './briefings/api.js';
import { briefingPages } from './briefings/routes.js';
import { projectReviewApi } from './project-review/api.js';
import { projectReviewPages } from './project-review/routes.js';
import { apiLanguage, userLanguage } from './identity/language-preference.js';
import type { Services } from './services.js';
import { tenantFromHost, tenantFromPath } from './tenancy/resolve.js';
import { tenantDisplayName } from './http/tenant-locals.js';

export interface AppDeps {
  services: Services;
  trustProxy: boolean | number | string[];
  readiness: ReadinessCheck[];
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
/** The routers of one tenant: the JSON API (bearer tokens) and the pages (sessions, CSRF). */
export function tenantRouters(services: Services): { api: express.Router; pages: express.Router } {
  const api = express.Router();
  // The language after the bearer token: chosen once, with the account's saved language.
  api.use(bearerAuth, apiLanguage(services.i18n), actorStep);
  api.use(identityApiRoutes(services), homeApi(), signingKeysApi(services));
  api.use(planApi(services), noticeApi(services));
  api.use(noticeDocumentApi(services), addendumApi(services));
  api.use(preSpecificationApi(services));
  api.use(bidApi(services), openingApi(services));
  api.use(contractApi(services));
  api.use(deliveryApi(services), paymentApi(services), timelineApi());
  api.use(orderApi(services), competitionApi(services));
  api.use(evaluationApi(services), awardApi(services));
  api.use(auditHeadsApi(services), alertApi(services));
  api.use(ocdsApi(services));
  api.use(briefingApi(services));
  api.use(projectReviewApi(services));
  api.use(innovationApi(services));
  api.use(frameworkApi(services));
  // Built once per tenant configuration and base path (its schemas follow the tenant's currency
  // and languages), for a bounded number of tenants (http/openapi.ts).
  const documents = openApiDocuments();
  api.get('/openapi.json', publicRoute, (req, res) => {
    const { tenant } = req.actor;
    const info = { title: `${tenantDisplayName(tenant, 'en')} API`, serverUrl: req.baseUrl };
    res
      .type('application/json')
      .send(documents(tenant, req.baseUrl, () => openApiDocument(routeTable(api), tenant, info)));
  });

  const passport = createPassport(services.login);
  const csrf = csrfProtection(services.sessionSecret, services.secureCookies);
  const pages = express.Router();
  pages.use(
    localize(services.i18n),
    tenantLocals,
    tenantSessions(services.sessions, services.sessionSecret, services.secureCookies),
    passport.initialize() as RequestHandler,
    withSession(passport.session() as RequestHandler),
    userLanguage(services.i18n, { persist: true }),
    actorStep,
    async (req: Request, res: Response, next: NextFunction) => {
      res.locals.currentUser = req.user;
      // The requests waiting for this reader's decision, counted on the pages they read.
      const pending =
        req.user && req.method === 'GET' && can(req.user, 'approvals:decide') ? await pendingForDecider(req.actor) : 0;
      const { numberingSystem } = req.actor.tenant.config;
      res.locals.navigation = navigationFor(req.user, req.baseUrl, req.t, {
        outboxPage: services.outboxPage,
        sandbox: req.tenant?.kind === 'sandbox',
        pendingApprovals: pending > 0 ? formatNumber(pending, req.lng, numberingSystem) : undefined,
        mutualChecks: mayRequireMutualChecks(req.actor.tenant.config),
      });
      // Signed-in pages carry the sign-out form, which needs a token.
      return req.user && req.method === 'GET' ? csrf.token(req, res, next) : next();
    },
  );
  pages.use(
    homePages(services),
    loginRoutes(services, passport, csrf),
    accountRoutes(services, csrf),
    conflictPages(services, csrf),
    passkeyPages(services, csrf),
    passwordRoutes(services, csrf),
    passwordChangeRoutes(services, csrf),
    verificationResendRoutes(services, csrf),
    workPages(),
    outboxPages(services),
    adminPages(services, csrf),
    approvalPages(services, csrf),
    invitationPages(services, csrf),
  );
  pages.use(
    supplierPages(services, csrf),
    alertPages(services, csrf),
    supplierAdminPages(services, csrf),
    rulesPages(),
    planPages(services, csrf),
    targetPages(services, csrf),
    noticePages(services, csrf),
    officerNoticePages(services, csrf),
    addendumPages(services, csrf),
    noticeDocumentPages(services, csrf),
  );
  pages.use(preSpecificationPages(services, csrf));
  pages.use(bidPages(services, csrf), openingPages(services, csrf));
  pages.use(evaluationPages(services, csrf), awardPages(services, csrf));
  pages.use(contractPages(services, csrf));
  pages.use(deliveryPages(services, csrf), paymentPages(services, csrf), timelinePages());
  pages.use(orderPages(services, csrf), competitionPages(services, csrf));
  pages.use(auditPages(services));
  pages.use(transparencyPages(services), mallPages(services));
  pages.use(briefingPages(services, csrf));
  pages.use(projectReviewPages(services, csrf));
  pages.use(innovationPages(services, csrf));
  pages.use(frameworkPages(services, csrf));
  pages.use(auditPages(services), integrityPages());
  return { api, pages };
}

export function buildApp(deps: AppDeps): Express {
  const { services } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Client addresses come through the load balancer only as far as TRUST_PROXY says.
  app.set('trust proxy', deps.trustProxy);
  useViews(app);

  app.use(requestLogging(services.logger));
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'form-action': ["'self'"] } } }),
  );
  app.use(cookieParser());
  app.use(fontAssets()); // before /static, which answers 404 for what it does not hold
  app.use(passkeyAssets());
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', fallthrough: false }));
  // Browsers ask every host for it; a tenant's pages also name their emblem as the icon.
  app.get('/favicon.ico', publicRoute, (_req, res) => {
    res.sendFile(path.join(PUBLIC_DIR, 'favicon.ico'), { maxAge: '1d' });
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(healthRouter(deps.readiness, services.logger));
  app.get('/metrics', publicRoute, metricsBehindToken(services.metrics.registry, services.metricsToken));

  const { api, pages } = tenantRouters(services);
  const tenantRouter = express.Router();
  tenantRouter.use('/api/v1', api);
  tenantRouter.use(pages);
  app.use('/t/:slug', tenantFromPath(services.tenancy, 'partner'), tenantRouter);
  app.use('/s/:slug', tenantFromPath(services.tenancy, 'sandbox'), tenantRouter);
  app.use(tenantFromHost(services.tenancy, tenantRouter));

  app.use('/platform/api/v1', apiLanguage(services.i18n), sandboxApi(services));
  app.use(localize(services.i18n));
  app.use(staffPages(services, services.staff, csrfProtection(services.sessionSecret, services.secureCookies)));
  app.use(callCenterPages(services, csrfProtection(services.sessionSecret, services.secureCookies)));
  app.use(callCenterReportPages(services, csrfProtection(services.sessionSecret, services.secureCookies)));
  app.use(knowledgePages(services, csrfProtection(services.sessionSecret, services.secureCookies)));
  // After staffPages, whose middleware signs staff in for every /platform path.
  app.use(outagePages(services, csrfProtection(services.sessionSecret, services.secureCookies)));
  app.use(sandboxPages(services, csrfProtection(services.sessionSecret, services.secureCookies)));
  app.use(platformRouter(services.tenancy));
  app.use(notFound);
  app.use(errorHandler(services.i18n, services.logger));
  return app;
}
