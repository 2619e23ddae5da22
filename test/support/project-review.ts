/**
 * ICT project review in tests: whether the tenant's rules make a notice of a category wait for a
 * review, and the review driven through the API (the officer submits, a fresh evaluator is seated,
 * declares no conflict of interest and confirms what was proposed).
 */
import request from 'supertest';
import { projectReviewRule } from '../../server/regulations/project-review.js';
import { addStaff } from './bidders.js';
import { tenantBase, type TenderWorld } from './tender.js';

export const REVIEWED_PERIOD = { proposedStart: '2027-01-04', proposedEnd: '2027-06-30' };

export function needsProjectReview(world: TenderWorld, category: unknown): boolean {
  return typeof category === 'string' && projectReviewRule(world.tenant.config, category, new Date()) !== null;
}

let reviewers = 0;

/** Submits the project for review and has a fresh member confirm it as proposed. */
export async function completeProjectReview(world: TenderWorld, noticeId: string): Promise<void> {
  const api = (path: string) => `${tenantBase(world)}/api/v1/notices/${noticeId}/review${path}`;
  const submitted = await request(world.app)
    .post(api('/rounds'))
    .set(world.officer)
    .send({
      requirements: 'Requirements as the proposal request states them.',
      scope: 'The whole project.',
      ...REVIEWED_PERIOD,
    });
  if (submitted.status !== 201) throw new Error(`review refused: ${JSON.stringify(submitted.body)}`);
  const [member] = await addStaff(world.tenant, 1, 'evaluator', `REVIEWER${++reviewers}X${Date.now() % 100000}`);
  await request(world.app).post(api('/members')).set(world.officer).send({ email: member!.email }).expect(201);
  await request(world.app).post(api('/declaration')).set(member!.auth).expect(204);
  await request(world.app)
    .post(api('/decision'))
    .set(member!.auth)
    .send({
      requirements: 'Requirements as the proposal request states them.',
      scope: 'The whole project.',
      projectStart: REVIEWED_PERIOD.proposedStart,
      projectEnd: REVIEWED_PERIOD.proposedEnd,
      reasons: 'The period fits the requirements.',
    })
    .expect(204);
}
