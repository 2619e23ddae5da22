/**
 * The heads file an operator keeps outside the database: JSON lines as `npm run audit -- heads`
 * prints them, `{slug, blockNo, blockHash, sig, keyId}` one per line.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SignedHead } from './head-signing.js';

const SavedHead = z.strictObject({
  slug: z.string().min(1),
  blockNo: z.number().int().positive(),
  blockHash: z.string().regex(/^[0-9a-f]{64}$/),
  sig: z.base64().min(1),
  keyId: z.string().min(1),
});

/** The file cannot be read, is not JSON lines of heads, or holds another tenant's heads. */
export class HeadsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeadsFileError';
  }
}

/** Reads and checks the shape of every line; throws HeadsFileError naming the first bad line. */
export async function readHeadsFile(file: string, slug: string): Promise<SignedHead[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HeadsFileError(`cannot read heads file ${file}: ${(error as Error).message}`);
  }
  const heads: SignedHead[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new HeadsFileError(
        `${file} line ${index + 1}: not JSON (save heads with \`npm run -s\`, without npm's banner)`,
      );
    }
    const head = SavedHead.safeParse(value);
    if (!head.success) {
      const fields = head.error.issues.map((i) => i.path.join('.') || '(line)').join(', ');
      throw new HeadsFileError(`${file} line ${index + 1}: not a signed head (${fields})`);
    }
    if (head.data.slug !== slug)
      throw new HeadsFileError(`${file} line ${index + 1}: a head of tenant "${head.data.slug}", not "${slug}"`);
    heads.push(head.data);
  }
  if (heads.length === 0) throw new HeadsFileError(`${file} holds no heads`);
  return heads;
}
