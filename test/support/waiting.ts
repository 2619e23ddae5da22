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

/** Waits until the job `id` has been added to `queue` and has completed (a bound for a hang). */
export async function untilJobDone(
  queue: { getJob(id: string): Promise<{ getState(): Promise<string> } | undefined> },
  id: string,
  ms = 30_000,
): Promise<void> {
  await until(async () => (await (await queue.getJob(id))?.getState()) === 'completed', ms);
}
