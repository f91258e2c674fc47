import { randomUUID } from 'node:crypto';
import type { MembershipScope } from '../../common/collections/index.js';
import type { Plan, PlanRequest } from '../../common/server-api/memberships.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';

export interface PlanRow {
  id: string;
  owner_id: string | null;
  title_zh: string;
  title_en: string;
  scope: 'creator' | 'courses' | 'all';
  billing_interval: 'month' | 'year';
  price_amount: number;
  currency: string;
  trial_days: number;
  active: number | boolean;
  created_at: number;
}

export async function readPlan(tx: SqlClient, planId: string): Promise<PlanRow | undefined> {
  return tx.get<PlanRow>('SELECT * FROM plans WHERE id = ?', [planId]);
}

/** What a plan opens, as its members' entitlements carry it. */
export async function planScope(tx: SqlClient, plan: PlanRow): Promise<MembershipScope> {
  if (plan.scope === 'all') return { kind: 'all' };
  if (plan.scope === 'creator') return { kind: 'creator', creatorId: plan.owner_id ?? '' };
  const rows = await tx.all<{ course_id: string }>(
    'SELECT course_id FROM plan_courses WHERE plan_id = ? ORDER BY course_id',
    [plan.id],
  );
  return { kind: 'courses', courseIds: rows.map((row) => row.course_id) };
}

/**
 * Membership plans: a creator's (all their courses, now and later, or some of them) or the
 * platform's (every course, or a chosen set). A plan never changes once sold — its price and what
 * it opens are what members agreed to; a creator retires it instead (members keep it until they
 * leave, nobody new joins).
 */
export function createPlans(deps: { db: SqlDatabase; now: () => number }) {
  const { db } = deps;

  async function view(row: PlanRow, withMembers: boolean): Promise<Plan> {
    const scope = await planScope(db, row);
    const owner = row.owner_id
      ? await db.get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [row.owner_id])
      : undefined;
    const members = withMembers
      ? Number(
          (
            await db.get<{ n: number }>(
              "SELECT COUNT(*) AS n FROM memberships WHERE plan_id = ? AND status IN ('trialing', 'active', 'past_due')",
              [row.id],
            )
          )?.n ?? 0,
        )
      : undefined;
    return {
      id: row.id,
      ownerId: row.owner_id,
      ownerName: owner?.display_name ?? '',
      title: { zh: row.title_zh, en: row.title_en },
      scope: row.scope,
      courseIds: scope.kind === 'courses' ? scope.courseIds : [],
      interval: row.billing_interval,
      priceAmount: Number(row.price_amount),
      currency: row.currency,
      trialDays: Number(row.trial_days),
      active: Boolean(Number(row.active)),
      ...(members === undefined ? {} : { members }),
    };
  }

  return {
    /** A new plan: a creator's over their own published courses; an administrator's is the platform's. */
    async create(caller: AccessClaims, request: PlanRequest): Promise<Plan> {
      const platform = caller.role === 'admin';
      if (!platform && caller.role !== 'creator') throw new DomainError('FORBIDDEN', 'Creators only.');
      if (platform && request.scope === 'creator')
        throw new DomainError('INVALID_INPUT', 'A platform plan opens every course or chosen ones.');
      if (!platform && request.scope === 'all')
        throw new DomainError('INVALID_INPUT', 'Only the platform sells every course.');
      const courseIds = [...new Set(request.courseIds)];
      for (const courseId of courseIds) {
        const course = await db.get<{ owner_id: string | null; is_public: number }>(
          "SELECT owner_id, is_public FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
          [courseId],
        );
        if (!course || !Number(course.is_public)) throw new DomainError('INVALID_INPUT', `No course ${courseId}.`);
        if (!platform && course.owner_id !== caller.userId)
          throw new DomainError('FORBIDDEN', 'A plan may hold only your own courses.');
      }
      const id = `plan_${randomUUID()}`;
      await db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO plans (id, owner_id, title_zh, title_en, scope, billing_interval, price_amount, currency, trial_days, active, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
          [
            id,
            platform ? null : caller.userId,
            request.title.zh || request.title.en,
            request.title.en || request.title.zh,
            request.scope,
            request.interval,
            request.priceAmount,
            request.currency,
            request.trialDays,
            deps.now(),
          ],
        );
        for (const courseId of courseIds)
          await tx.run('INSERT INTO plan_courses (plan_id, course_id) VALUES (?, ?)', [id, courseId]);
      });
      return view((await readPlan(db, id))!, true);
    },

    /** Plans on sale: all of them, or those opening `courseId`. */
    async onSale(courseId?: string): Promise<Plan[]> {
      const rows = await db.all<PlanRow>('SELECT * FROM plans WHERE active = 1 ORDER BY created_at, id');
      const plans: Plan[] = [];
      const owner = courseId
        ? await db.get<{ owner_id: string | null }>(
            "SELECT owner_id FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0 AND is_public = 1",
            [courseId],
          )
        : undefined;
      if (courseId && !owner) return [];
      for (const row of rows) {
        const plan = await view(row, false);
        const opens =
          !courseId ||
          plan.scope === 'all' ||
          (plan.scope === 'creator' && plan.ownerId === owner?.owner_id) ||
          plan.courseIds.includes(courseId);
        if (opens) plans.push(plan);
      }
      return plans;
    },

    /** The caller's own plans (a creator's, or the platform's for an administrator), with their members. */
    async mine(caller: AccessClaims): Promise<Plan[]> {
      const rows =
        caller.role === 'admin'
          ? await db.all<PlanRow>('SELECT * FROM plans WHERE owner_id IS NULL ORDER BY created_at, id')
          : await db.all<PlanRow>('SELECT * FROM plans WHERE owner_id = ? ORDER BY created_at, id', [caller.userId]);
      return Promise.all(rows.map((row) => view(row, true)));
    },

    /** Stops selling a plan of the caller's; its members keep it until they leave. */
    async retire(caller: AccessClaims, planId: string): Promise<Plan> {
      const row = await readPlan(db, planId);
      const mine = row && (caller.role === 'admin' ? row.owner_id === null : row.owner_id === caller.userId);
      if (!row || !mine) throw new DomainError('NOT_FOUND', 'No such plan of yours.');
      await db.run('UPDATE plans SET active = 0 WHERE id = ?', [planId]);
      return view({ ...row, active: 0 }, true);
    },
  };
}

export type Plans = ReturnType<typeof createPlans>;
