/** The demo world of each shipped partner, by the country its config names. */
import { KOREA } from './korea.js';
import { KURDISTAN } from './kurdistan.js';
import type { WorldContent } from './types.js';

const BY_COUNTRY: Record<string, WorldContent> = { IQ: KURDISTAN, KR: KOREA };

export function worldContentFor(country: string): WorldContent | undefined {
  return BY_COUNTRY[country];
}
