/** The demo world of each shipped partner, by the country its config names. */
import { CAMBODIA } from './cambodia.js';
import { KOREA } from './korea.js';
import { KURDISTAN } from './kurdistan.js';
import { TIMOR_LESTE } from './timor-leste.js';
import type { WorldContent } from './types.js';
import { VIETNAM } from './vietnam.js';

const BY_COUNTRY: Record<string, WorldContent> = {
  IQ: KURDISTAN,
  KR: KOREA,
  VN: VIETNAM,
  KH: CAMBODIA,
  TL: TIMOR_LESTE,
};

export function worldContentFor(country: string): WorldContent | undefined {
  return BY_COUNTRY[country];
}
