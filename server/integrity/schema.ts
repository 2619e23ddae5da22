/** What the integrity pages take: the flag filter (an unknown flag shows them all, never an error page). */
import { z } from 'zod';
import { FLAG_IDS } from './flags.js';

export const DashboardQuery = z.object({ flag: z.enum(FLAG_IDS).optional().catch(undefined) });
export type DashboardQuery = z.infer<typeof DashboardQuery>;
