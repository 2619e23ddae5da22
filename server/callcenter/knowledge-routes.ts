/**
 * The call center's knowledge base on the staff desk (/platform/knowledge), for agents and
 * operators, in the tenants granted to them (callcenter/knowledge-service.ts):
 *   GET  /platform/knowledge?tenant=&language=&q=       the tenant's articles, searched
 *   GET  /platform/knowledge/:tenant/:articleId          one article, its languages, "send to the caller"
 *   POST /platform/knowledge/:tenant/:articleId/send     e-mails it to the caller of an open ticket
 *   GET|POST /platform/knowledge/:tenant/new             a new article (?translationOf= a translation)
 *   GET|POST /platform/knowledge/:tenant/:articleId/edit a correction
 * The article's language is `language=`: `lng=` switches the desk's own language. Mounted after the
 * staff desk's router (app.ts), whose middleware signs the staff member in for every /platform path.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { isUuid, Uuid } from '../http/params.js';
import { validate, type ValidatedRequest } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { isLanguage, LANGUAGES, NATIVE_NAMES } from '../i18n/languages.js';
import { requireStaff, staffActor } from '../platform/staff-steps.js';
import { SLUG_PATTERN } from '../tenancy/slug.js';
import { CALL_TOPICS } from './catalog.js';
import { knowledgeBase } from './knowledge-service.js';
import { articleView, formView, KNOWLEDGE_PATH, listView } from './knowledge-view.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Slug = z.string().regex(SLUG_PATTERN);
const TenantParams = z.object({ tenant: Slug });
const ArticleParams = z.object({ tenant: Slug, articleId: Uuid });

/** The list's filter: a tenant (else the first granted), a language ('' for all), words. */
const ListQuery = z.object({
  tenant: z.string().max(100).optional(),
  language: z.enum(LANGUAGES).optional().catch(undefined),
  q: z.string().trim().max(200).default(''),
});
/** `ticket`: the ticket the agent came from; `sent`: the article was just sent to it. */
const ArticleQuery = z.object({
  ticket: z.string().max(100).optional(),
  sent: z.literal('1').optional().catch(undefined),
});
const NewQuery = z.object({ translationOf: Uuid.optional().catch(undefined) });
const EditQuery = z.object({ saved: z.literal('1').optional().catch(undefined) });

const ArticleForm = z.object({
  title: z.string().trim().min(3).max(200),
  topic: z.enum(CALL_TOPICS, { error: 'knowledge:topic_required' }),
  language: z.enum(LANGUAGES, { error: 'knowledge:language_required' }),
  body: z.string().trim().min(1).max(20_000),
  translationOf: z
    .union([Uuid, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});
const SendForm = z.object({ ticket: z.string().min(1, { error: 'knowledge:ticket_required' }).max(100) });

/** Agents and operators, as for the look-up of accounts. */
const agents = requireStaff('staff:lookup');

export function knowledgePages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const kb = knowledgeBase(services);

  /** The list; a refused search shows the same page with its message and nothing found. */
  const listPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const query = req.query as z.infer<typeof ListQuery>;
    const named = req.query.tenant;
    const slug = typeof named === 'string' && named ? named : req.staff!.grants[0];
    if (!slug) return res.render('callcenter/knowledge-list', { title: req.t('knowledge:title'), noGrants: true });
    const found = await kb.list(staffActor(req), {
      tenant: slug,
      language: refusal ? undefined : query.language,
      q: refusal ? '' : query.q,
      lng: req.lng,
    });
    res.render(
      'callcenter/knowledge-list',
      listView(req, found, {
        values: refusal ? { q: req.query.q } : { q: query.q },
        errors: refusal?.errors,
        error: refusal?.error,
        searched: !refusal && query.q !== '',
      }),
    );
  };

  /** The article; a refused sending shows it again with the message. */
  const articlePage = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const { tenant, articleId } = req.params as z.infer<typeof ArticleParams>;
    const query = refusal ? {} : (req.query as z.infer<typeof ArticleQuery>);
    const posted = refusal?.values.ticket;
    const ticketId = query.ticket ?? (typeof posted === 'string' && posted ? posted : undefined);
    const data = await kb.article(staffActor(req), tenant, articleId, { ticketId });
    res.render(
      'callcenter/knowledge-article',
      articleView(req, data, {
        sent:
          query.sent && data.ticket
            ? req.t('knowledge:sent', {
                ticket: `\u2068${data.ticket.ticket_no}\u2069`,
                language: `\u2068${isLanguage(data.ticket.language) ? NATIVE_NAMES[data.ticket.language] : data.ticket.language}\u2069`,
              })
            : undefined,
        errors: refusal?.errors,
        error: refusal?.error,
      }),
    );
  };

  /** The form for a new article, a translation or a correction; again with messages when refused. */
  const formPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const { tenant: slug, articleId } = req.params as { tenant: string; articleId?: string };
    const asked = refusal ? refusal.values.translationOf : (req.query as z.infer<typeof NewQuery>).translationOf;
    const translationOf = !articleId && isUuid(asked) ? asked : undefined;
    const { tenant, article, original, html, unwritten } = await kb.form(staffActor(req), slug, {
      articleId,
      translationOf,
    });
    const defaults = article
      ? { title: article.title, topic: article.topic, language: article.language, body: article.body_md }
      : {
          topic: original?.topic ?? kb.tenantTopics(tenant)[0],
          // A translation into a language not written yet; a new article in the reader's language.
          language: original ? unwritten[0] : unwritten.find((code) => code === req.lng),
          translationOf: original?.id ?? '',
        };
    res.render(
      'callcenter/knowledge-form',
      formView(
        req,
        { tenant, topics: kb.tenantTopics(tenant), article, html, original },
        {
          values: refusal?.values ?? defaults,
          errors: refusal?.errors,
          error: refusal?.error,
          saved: !refusal && (req.query as z.infer<typeof EditQuery>).saved === '1',
        },
      ),
    );
  };

  const send = async (
    req: ValidatedRequest<{ params: typeof ArticleParams; body: typeof SendForm }>,
    res: Response,
  ) => {
    const { tenant, articleId } = req.params;
    const { ticket } = await kb.send(staffActor(req), tenant, articleId, req.body.ticket);
    res.redirect(303, `${KNOWLEDGE_PATH}/${tenant}/${articleId}?ticket=${ticket.id}&sent=1`);
  };

  const save = async (
    req: ValidatedRequest<{ params: typeof TenantParams; body: typeof ArticleForm }>,
    res: Response,
  ) => {
    const { tenant } = req.params;
    const articleId = (req.params as { articleId?: string }).articleId;
    const saved = await kb.save(staffActor(req), tenant, articleId, req.body);
    res.redirect(303, `${KNOWLEDGE_PATH}/${tenant}/${saved.id}/edit?saved=1`);
  };

  router.get(
    KNOWLEDGE_PATH,
    agents,
    csrf.token,
    validate({ query: ListQuery }),
    (req: Request, res: Response) => listPage(req, res),
    showFormAgain(listPage),
  );
  router.get(
    `${KNOWLEDGE_PATH}/:tenant/new`,
    agents,
    csrf.token,
    validate({ params: TenantParams, query: NewQuery }),
    (req: Request, res: Response) => formPage(req, res),
  );
  router.post(
    `${KNOWLEDGE_PATH}/:tenant/new`,
    agents,
    csrf.protect,
    csrf.token,
    validate({ params: TenantParams, body: ArticleForm }),
    save,
    showFormAgain(formPage),
  );
  router.get(
    `${KNOWLEDGE_PATH}/:tenant/:articleId`,
    agents,
    csrf.token,
    validate({ params: ArticleParams, query: ArticleQuery }),
    (req: Request, res: Response) => articlePage(req, res),
  );
  router.post(
    `${KNOWLEDGE_PATH}/:tenant/:articleId/send`,
    agents,
    csrf.protect,
    csrf.token,
    validate({ params: ArticleParams, body: SendForm }),
    send,
    showFormAgain(articlePage),
  );
  router.get(
    `${KNOWLEDGE_PATH}/:tenant/:articleId/edit`,
    agents,
    csrf.token,
    validate({ params: ArticleParams, query: EditQuery }),
    (req: Request, res: Response) => formPage(req, res),
  );
  router.post(
    `${KNOWLEDGE_PATH}/:tenant/:articleId/edit`,
    agents,
    csrf.protect,
    csrf.token,
    validate({ params: ArticleParams, body: ArticleForm }),
    save,
    showFormAgain(formPage),
  );
  return router;
}
