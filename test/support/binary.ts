import type { Response } from 'superagent';

/** A supertest parser that keeps a download's bytes (`.buffer(true).parse(binaryBody)`): PDFs, gzip, XLSX. */
export function binaryBody(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
