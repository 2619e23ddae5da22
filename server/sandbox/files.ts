/**
 * Where a training sandbox's archives are kept, under DATA_DIR/sandboxes/<slug>/: its snapshot at
 * creation (what a reset restores) and its export when it expires.
 */
import path from 'node:path';

export function sandboxSnapshot(sandboxDir: string, slug: string): string {
  return path.join(sandboxDir, slug, 'start.tar.gz');
}

export function sandboxExpiredExport(sandboxDir: string, slug: string, at: Date): string {
  return path.join(sandboxDir, slug, `expired-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
}
