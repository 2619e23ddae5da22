/**
 * Each trainee's progress through the sandbox's scenario, read from its audit trail: a step is
 * reached when the trail holds the step's action by the trainee's account of the step's role,
 * after the scenario was set up (the setup acts through the same accounts and does not count).
 */
import type { Knex } from 'knex';
import type { Scenario } from './scenarios.js';
import { traineeOf, type ExerciseRole } from './trainees.js';

/** Written when a scenario's setup is done (and when a sandbox without one is created). */
export const READY_ACTIONS = ['sandbox.scenario-ready', 'sandbox.created'];

export interface TraineeProgress {
  number: number;
  /** One per scenario step, in order. */
  reached: boolean[];
}

export async function classProgress(tx: Knex.Transaction, scenario: Scenario): Promise<TraineeProgress[]> {
  const ready = await tx('audit_entries')
    .whereIn('action', READY_ACTIONS)
    .max<{ seq: string | null }>('seq as seq')
    .first();
  const accounts = await tx('users')
    .whereLike('email', 't%.%@%.sandbox')
    .select<{ id: string; email: string }[]>('id', 'email');
  const whose = new Map<string, { number: number; role: ExerciseRole }>();
  for (const a of accounts) {
    const trainee = traineeOf(a.email);
    if (trainee) whose.set(a.id, trainee);
  }
  const done = await tx('audit_entries')
    .where('seq', '>', ready?.seq ?? 0)
    .andWhere({ actor_type: 'user' })
    .whereIn(
      'action',
      scenario.steps.map((s) => s.action),
    )
    .distinct<{ actor_id: string; action: string }[]>('actor_id', 'action');
  const numbers = await tx('trainees').orderBy('number').pluck<number[]>('number');
  return numbers.map((number) => ({
    number,
    reached: scenario.steps.map((step) =>
      done.some((d) => {
        const who = whose.get(d.actor_id);
        return d.action === step.action && who?.number === number && who.role === step.by;
      }),
    ),
  }));
}
