/** What officers and suppliers send about a pre-specification disclosure (API and forms). */
import { z } from 'zod';

export const OpenDisclosure = z.object({ summary: z.string().trim().min(10).max(20000) });
export const Comment = z.object({ comment: z.string().trim().min(5).max(8000) });
export const Reply = z.object({ reply: z.string().trim().min(1).max(8000) });
