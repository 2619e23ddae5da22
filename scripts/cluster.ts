/**
 * `npm run cluster -- up|down|status`: the cluster tier's servers on this machine (see
 * scripts/cluster/index.ts). `up` needs a built dist/ (`npm run build`) and Debian's
 * postgresql-15, redis-server and haproxy; CLUSTER_PORT_BASE (default 7300) and CLUSTER_DIR move it.
 */
import { down, status, up } from './cluster/index.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const state = await up(log);
      log(`\nThe load balancer: ${state.url}/t/kurdistan/ (and korea, vietnam); demo accounts as in the README.`);
      log('npm run cluster -- status | down');
      return 0;
    }
    case 'down':
      await down(log);
      return 0;
    case 'status':
      for (const line of await status()) log(line);
      return 0;
    default:
      log('usage: npm run cluster -- up|down|status');
      return 2;
  }
}

process.exitCode = await main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`cluster: ${(error as Error).message}\n`);
  return 1;
});
