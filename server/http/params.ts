/**
 * The path parameters routes share. Ids are UUIDs: anything else names no record, and
 * validate() answers it with 404 before a query runs.
 */
import { z } from 'zod';

export const Uuid = z.uuid();

/** `/things/:id` */
export const IdParams = z.object({ id: Uuid });

/** For the few places that check an id outside a route (a form field, a job payload). */
export const isUuid = (value: unknown): value is string => Uuid.safeParse(value).success;
