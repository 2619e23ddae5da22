/** Waiting in tests for something another process or the database does. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `probe` answers true; fails after `ms` (a bound for a hang, not a speed claim). */
export async function until(probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}
