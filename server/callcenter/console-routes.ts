/**
 * The call-center console at /platform/console and /platform/tickets: one search box across the
 * agent's tenants, read-only views of accounts, suppliers and notices, the few account actions
 * (each under a ticket, after the identity check) and the tickets with their queues. Agents and
 * operators; a tenant not granted answers 404 everywhere.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { parsedQuery, validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requireStaff, staffActor } from '../platform/staff-steps.js';
import { instantOfWallClock } from '../time/zone.js';
import { accountActions } from './account-actions.js';
import { callCenterConsole } from './console.js';
import { accountPage, noticePage, searchPage, supplierPage } from './console-pages.js';
import { myTicketRows, newTicketPage, ticketPage, ticketsPage } from './ticket-pages.js';
import {
  AccountActionForm,
  CloseForm,
  HandOverForm,
  IdentityCheckForm,
  NewTicketForm,
  NewTicketQuery,
  RecordParams,
  RecordQuery,
  SearchQuery,
  TicketsQuery,
  TicketUpdateForm,
} from './schema.js';
import { ticketService } from './tickets.js';
import { NotFoundError } from '../http/errors.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Params = z.infer<typeof RecordParams>;

const agentDesk = requireStaff('staff:lookup');

export function callCenterPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const desk = callCenterConsole(services);
  const tickets = ticketService(services);
  const actions = accountActions(services);
  const back = (req: Request<Params>, ticketId: string, extra = '') =>
    `/platform/console/${req.params.tenant}/accounts/${req.params.id}?ticket=${ticketId}${extra}`;
  /** The agent's own wall clock (datetime-local fields) as an instant. */
  const agentTime = (req: Request, text: string | undefined) =>
    text ? instantOfWallClock(text, req.staff!.timeZone) : undefined;

  const search: RequestHandler = async (req, res) => {
    const { q } = parsedQuery(req, SearchQuery);
    const actor = staffActor(req);
    const results = q && q.length >= 2 ? await desk.search(actor, q, req.lng) : undefined;
    // Before a search: the agent's own open tickets, follow-ups due first.
    const mine = results ? [] : await desk.tickets(actor, { status: 'open', mine: true });
    res.render('callcenter/console', { ...searchPage(req, q, results), myTickets: myTicketRows(req, mine) });
  };

  const account: RequestHandler<Params> = async (req, res) => {
    const { ticket, done } = parsedQuery(req, RecordQuery);
    const seen = await desk.account(staffActor(req), {
      tenant: req.params.tenant,
      id: req.params.id,
      ticketId: ticket,
    });
    res.render('callcenter/account', accountPage(req, seen, done));
  };

  /** The account page again, with why an identity check or an action was refused. */
  const accountRefused = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const ticketId = typeof refusal?.values.ticketId === 'string' ? refusal.values.ticketId : undefined;
    const seen = await desk.account(staffActor(req), { ...(req.params as Params), ticketId });
    res.render('callcenter/account', { ...accountPage(req, seen), errors: refusal?.errors, error: refusal?.error });
  };

  const supplier: RequestHandler<Params> = async (req, res) => {
    const { ticket } = parsedQuery(req, RecordQuery);
    const seen = await desk.supplier(staffActor(req), { ...req.params, ticketId: ticket });
    res.render('callcenter/supplier', supplierPage(req, seen));
  };

  const notice: RequestHandler<Params> = async (req, res) => {
    const { ticket } = parsedQuery(req, RecordQuery);
    const seen = await desk.notice(staffActor(req), { ...req.params, ticketId: ticket });
    res.render('callcenter/notice', noticePage(req, seen));
  };

  const checkIdentity: RequestHandler<Params, unknown, z.infer<typeof IdentityCheckForm>> = async (req, res) => {
    const { ticketId, answered } = req.body;
    await actions.checkIdentity(staffActor(req), {
      tenant: req.params.tenant,
      userId: req.params.id,
      ticketId,
      answered,
    });
    res.redirect(303, back(req, ticketId));
  };

  const act: RequestHandler<Params, unknown, z.infer<typeof AccountActionForm>> = async (req, res) => {
    const { ticketId, action, reason } = req.body;
    await actions.act(staffActor(req), { tenant: req.params.tenant, userId: req.params.id, ticketId, action, reason });
    res.redirect(303, back(req, ticketId, `&done=${action}`));
  };

  const ticketList: RequestHandler = async (req, res) => {
    const filter = parsedQuery(req, TicketsQuery);
    const actor = staffActor(req);
    const lists = await desk.tickets(actor, { ...filter, mine: filter.mine === '1' });
    res.render('callcenter/tickets', ticketsPage(req, lists, filter, await desk.granted(actor)));
  };

  const newTicketForm = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const actor = staffActor(req);
    const values = refusal?.values ?? prefill(parsedQuery(req, NewTicketQuery));
    if (refusal) res.status(422);
    res.render('callcenter/ticket-new', {
      ...newTicketPage(req, await desk.granted(actor), values),
      errors: refusal?.errors,
      error: refusal?.error,
    });
  };
  const prefill = (q: z.infer<typeof NewTicketQuery>) => ({
    tenant: q.tenant,
    userId: q.user,
    supplierId: q.supplier,
    callerName: q.name,
  });

  const openTicket: RequestHandler<ParamsDictionary, unknown, z.infer<typeof NewTicketForm>> = async (req, res) => {
    const { followUpAt, ...rest } = req.body;
    const opened = await tickets.open(staffActor(req), { ...rest, followUpAt: agentTime(req, followUpAt) }, req.lng);
    res.redirect(303, `/platform/tickets/${opened.tenant}/${opened.id}`);
  };

  const showTicket = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const read = await desk.ticket(staffActor(req), req.params as Params);
    if (!read) throw new NotFoundError();
    res.render('callcenter/ticket', {
      ...ticketPage(req, read),
      errors: refusal?.errors,
      error: refusal?.error,
      form: refusal?.form,
    });
  };

  const updateTicket: RequestHandler<Params, unknown, z.infer<typeof TicketUpdateForm>> = async (req, res) => {
    const { note, followUpAt, clearFollowUp } = req.body;
    await tickets.update(staffActor(req), req.params.tenant, req.params.id, {
      note,
      followUpAt: clearFollowUp ? null : agentTime(req, followUpAt),
    });
    res.redirect(303, `/platform/tickets/${req.params.tenant}/${req.params.id}`);
  };

  const handOver: RequestHandler<Params, unknown, z.infer<typeof HandOverForm>> = async (req, res) => {
    await tickets.handOver(staffActor(req), req.params.tenant, req.params.id, { ...req.body, language: req.lng });
    res.redirect(303, '/platform/tickets');
  };

  const close: RequestHandler<Params, unknown, z.infer<typeof CloseForm>> = async (req, res) => {
    await tickets.close(staffActor(req), req.params.tenant, req.params.id, req.body);
    res.redirect(303, `/platform/tickets/${req.params.tenant}/${req.params.id}`);
  };

  const reopen: RequestHandler<Params> = async (req, res) => {
    await tickets.reopen(staffActor(req), req.params.tenant, req.params.id, req.lng);
    res.redirect(303, `/platform/tickets/${req.params.tenant}/${req.params.id}`);
  };

  const record = validate({ params: RecordParams });
  router.get('/platform/console', agentDesk, csrf.token, validate({ query: SearchQuery }), search);
  router.get(
    '/platform/console/:tenant/accounts/:id',
    agentDesk,
    csrf.token,
    record,
    validate({ query: RecordQuery }),
    account,
  );
  router.post(
    '/platform/console/:tenant/accounts/:id/identity-check',
    agentDesk,
    csrf.protect,
    csrf.token,
    record,
    validate({ body: IdentityCheckForm }),
    checkIdentity,
    showFormAgain(accountRefused),
  );
  router.post(
    '/platform/console/:tenant/accounts/:id/actions',
    agentDesk,
    csrf.protect,
    csrf.token,
    record,
    validate({ body: AccountActionForm }),
    act,
    showFormAgain(accountRefused),
  );
  router.get(
    '/platform/console/:tenant/suppliers/:id',
    agentDesk,
    csrf.token,
    record,
    validate({ query: RecordQuery }),
    supplier,
  );
  router.get(
    '/platform/console/:tenant/notices/:id',
    agentDesk,
    csrf.token,
    record,
    validate({ query: RecordQuery }),
    notice,
  );

  router.get('/platform/tickets', agentDesk, csrf.token, validate({ query: TicketsQuery }), ticketList);
  router.get('/platform/tickets/new', agentDesk, csrf.token, validate({ query: NewTicketQuery }), (req, res) =>
    newTicketForm(req, res),
  );
  router.post(
    '/platform/tickets',
    agentDesk,
    csrf.protect,
    csrf.token,
    validate({ body: NewTicketForm }),
    openTicket,
    showFormAgain(newTicketForm),
  );
  router.get('/platform/tickets/:tenant/:id', agentDesk, csrf.token, record, (req, res) => showTicket(req, res));
  for (const [path, schema, handler, form] of [
    ['update', TicketUpdateForm, updateTicket, 'update'],
    ['handover', HandOverForm, handOver, 'handover'],
    ['close', CloseForm, close, 'close'],
  ] as const) {
    router.post(
      `/platform/tickets/:tenant/:id/${path}`,
      agentDesk,
      csrf.protect,
      csrf.token,
      record,
      validate({ body: schema }),
      handler as RequestHandler<Params>,
      showFormAgain(showTicket, form),
    );
  }
  router.post('/platform/tickets/:tenant/:id/reopen', agentDesk, csrf.protect, record, reopen);
  return router;
}
