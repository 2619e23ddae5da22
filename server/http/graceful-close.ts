/**
 * Closing the HTTP server without cutting a request short: stop accepting connections, let the
 * requests in flight finish (a bid under way gets its receipt), close each connection once its
 * last response is out, and only at the deadline cut what is left. Node's server.close() stops the
 * listener and closes idle keep-alive connections, but a connection busy at that moment would stay
 * open for further requests; here its response says `Connection: close`.
 */
import type { Server, ServerResponse } from 'node:http';

export interface GracefulServer {
  /** Requests whose response has not finished. */
  inFlight(): number;
  /**
   * Stops accepting at once; resolves when every connection is closed, or after `deadlineMs` with
   * the connections left cut. Returns how many requests were cut (0 when all finished).
   */
  close(deadlineMs: number): Promise<number>;
}

/** How often connections that went idle while draining are closed. */
const IDLE_SWEEP_MS = 100;

export function gracefulServer(server: Server): GracefulServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // First among the request listeners, before the app can answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    inFlight: () => inFlight.size,
    async close(deadlineMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A response already under way when the stop began leaves its connection idle, not closed.
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      try {
        if ((await Promise.race([closed, late])) !== 'late') return 0;
        const cut = inFlight.size;
        server.closeAllConnections();
        await closed;
        return cut;
      } finally {
        clearInterval(sweep);
        clearTimeout(timer);
      }
    },
  };
}
