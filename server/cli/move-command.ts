/**
 * `tenants move <slug> --to <placement>`: moves a tenant to another database server behind a short
 * read-only window (server/tenancy/move.ts), printing each step with its time. `--cancel` ends
 * the window of a move whose process was stopped half-way.
 */
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../bootstrap.js';
import { parseSlug } from '../tenancy/slug.js';
import { placementName, placementNamed, tenantMoves } from '../tenancy/move.js';

export interface MoveCliOptions {
  to?: string;
  cancel?: boolean;
  evenNearDeadline?: boolean;
}

const clockTime = () => new Date().toISOString().slice(11, 23);

/** Runs the move; lines are printed as they happen (`out`), so an operator watches the window. */
export async function moveFromCli(
  platform: Platform,
  slug: string,
  options: MoveCliOptions,
  out: (line: string) => void,
): Promise<void> {
  const moves = tenantMoves({ tenancy: platform.tenancy, keys: platform.keys });
  if (options.cancel) {
    for (const line of await moves.cancel(slug)) out(line);
    return;
  }
  const to = options.to!;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const archiveFile = path.join(platform.config.dataDir, 'exports', `${slug}-move-${stamp}.tar.gz`);
  const started = Date.now();
  const outcome = await moves.move(slug, to, {
    archiveFile,
    evenNearDeadline: options.evenNearDeadline,
    actor: { actor: { type: 'platform', id: null, label: `cli:${os.userInfo().username}` } },
    onStep: (line) => out(`[${clockTime()}] ${line}`),
  });
  out(`Moved ${slug} from ${outcome.from} to ${outcome.to} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`The archive of the move is kept: ${archiveFile}`);
  // The registry decides where a tenant lives; its config file's placement is read only at creation.
  const config = platform.tenancy.configs.get(parseSlug(slug)!);
  const named = config?.placement?.databaseUrlEnv ?? null;
  if (config && named !== placementNamed(to)) {
    out(
      `Note: tenants/${slug}.yaml names placement ${placementName(named)}. The registry now places ${slug} on ${to} ` +
        `and wins; update the file (placement.databaseUrlEnv${to === 'primary' ? ' removed' : `: ${to}`}) ` +
        `so that a tenant re-created from it lands here too.`,
    );
  }
}
