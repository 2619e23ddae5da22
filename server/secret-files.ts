/**
 * The secrets the process keeps in files: the embedded default's generated session secret
 * (DATA_DIR/secrets.json) and master key (keys/master.key beside DATA_DIR, never in it), and
 * MASTER_KEY_FILE / MASTER_KEY_PREVIOUS_FILE, refused inside DATA_DIR. Only config.ts calls these,
 * with values it has read from the environment.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';

export interface StoredSecrets {
  sessionSecret: string;
  /** Kept here by earlier versions; moved to the key file on the next start. */
  masterKey?: string;
}

/**
 * Writes a small secret file atomically (a crash leaves the old file or the new one), mode 0600.
 * `exclusive`: never replaces an existing file, so two processes starting at once agree on one.
 */
function writeSecretFile(file: string, content: string, exclusive = false): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  if (!exclusive) return renameSync(temporary, file);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Embedded default only: the session secret is generated on first start and reused. */
export function loadOrCreateSecrets(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (!existsSync(file))
    writeSecretFile(file, JSON.stringify({ sessionSecret: randomBytes(48).toString('base64url') }, null, 2), true);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
  if (parsed.sessionSecret) return parsed as StoredSecrets;
  throw new ConfigError(`${file}: is incomplete; remove it to generate new secrets`);
}

/** The real path of `file` (or of its nearest existing parent, joined with the rest). */
function realPath(file: string): string {
  const resolved = path.resolve(file);
  if (existsSync(resolved)) return realpathSync(resolved);
  const parent = path.dirname(resolved);
  return parent === resolved ? resolved : path.join(realPath(parent), path.basename(resolved));
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(realPath(dir), realPath(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A master key from a file (base64, surrounding whitespace ignored), never one inside DATA_DIR. */
function readKeyFile(name: string, file: string, dataDir: string): Buffer {
  if (isInside(file, dataDir))
    throw new ConfigError(
      `Configuration error: ${name}: ${file} is inside DATA_DIR; keep the key apart from the data it protects`,
    );
  if (!existsSync(file)) throw new ConfigError(`Configuration error: ${name}: ${file} does not exist`);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`Configuration error: ${name}: must hold 32 bytes, base64-encoded`);
  return key;
}

/**
 * Embedded default only: the master key file, created on first start. An install whose key
 * earlier versions kept in DATA_DIR/secrets.json has it moved here once, and removed there.
 */
export function embeddedMasterKey(file: string, dataDir: string, stored: StoredSecrets): Buffer {
  const secretsFile = path.join(dataDir, 'secrets.json');
  if (!existsSync(file) && !isInside(file, dataDir)) {
    writeSecretFile(file, `${stored.masterKey ?? randomBytes(32).toString('base64')}\n`, true);
  }
  const key = readKeyFile('MASTER_KEY_FILE', file, dataDir);
  if (stored.masterKey) {
    if (!Buffer.from(stored.masterKey, 'base64').equals(key))
      throw new ConfigError(
        `Configuration error: ${secretsFile} holds a master key other than ${file}'s; set MASTER_KEY_FILE to a file of its own`,
      );
    writeSecretFile(secretsFile, JSON.stringify({ sessionSecret: stored.sessionSecret }, null, 2));
  }
  return key;
}

/** The embedded default's key file: `keys/master.key` beside DATA_DIR (./keys next to ./data), never in it. */
export const defaultMasterKeyFile = (dataDir: string) => path.join(path.dirname(dataDir), 'keys', 'master.key');

/** MASTER_KEY, or the file MASTER_KEY_FILE names, or (embedded default) the generated file. */
export function masterKeyFrom(
  e: { key?: string; file?: string; name: 'MASTER_KEY' | 'MASTER_KEY_PREVIOUS' },
  dataDir: string,
): { key: Buffer; source: string } | undefined {
  if (e.key && e.file) throw new ConfigError(`Configuration error: set ${e.name} or ${e.name}_FILE, not both`);
  if (e.key) return { key: Buffer.from(e.key.trim(), 'base64'), source: e.name };
  if (e.file) return { key: readKeyFile(`${e.name}_FILE`, e.file, dataDir), source: path.resolve(e.file) };
  return undefined;
}
