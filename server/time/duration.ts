/** Durations as people type them (a trainer moving a sandbox's clock): `3d`, `12h`, `90m`. */

/** Whole days, hours or minutes. */
export const DURATION = /^(\d{1,4})([dhm])$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** The milliseconds of a duration matching DURATION (`3d`, `12h`, `90m`); NaN for anything else. */
export function durationMs(text: string): number {
  const match = DURATION.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
}
