import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  type BACKENDS,
  backendEnv,
  publishCourse,
  signUpAndIn,
  startTestServer,
  type Session,
  type TestServer,
} from './server-harness.js';

/** The trust model's world (trust-model.property.test.ts): actors, actions, the model of who holds what, and a server seeded for it. */
export type Learner = 'l1' | 'l2' | 'l3';
export type Creator = 'c1' | 'c2';
export type Actor = Learner | Creator | 'root' | 'manager' | 'orgAdmin' | 'anonymous';
export const LEARNERS: Learner[] = ['l1', 'l2', 'l3'];
export const COURSES = { 'c1-a': 'c1', 'c1-b': 'c1', 'c1-c': 'c1', 'c2-a': 'c2', 'c2-b': 'c2', 'c2-c': 'c2' } as const;
export type CourseId = keyof typeof COURSES;
export const COURSE_IDS = Object.keys(COURSES) as CourseId[];
export const SEAT_COURSE: CourseId = 'c1-a';

export type Action =
  | { kind: 'order'; who: Learner; course: CourseId; coupon: boolean }
  | { kind: 'pay'; order: number }
  | { kind: 'latePaidEvent'; order: number }
  | { kind: 'cancel'; who: Learner; order: number }
  | { kind: 'refund'; order: number }
  | { kind: 'redeem'; who: Learner }
  | { kind: 'moveSeat'; from: Learner; to: Learner }
  | { kind: 'raceSeat'; from: Learner; to: [Learner, Learner] }
  | { kind: 'adminGrant'; who: Learner; course: CourseId }
  | { kind: 'adminRevoke'; who: Learner; course: CourseId }
  | { kind: 'publish'; creator: Creator; course: CourseId; version: number }
  | { kind: 'hijackPublish'; creator: Creator; victim: CourseId }
  | { kind: 'pushCatalog'; creator: Creator; course: CourseId }
  | { kind: 'note'; who: Learner; as: Learner }
  | { kind: 'pull'; who: Actor; collection: 'entitlements' | 'orders' | 'notes' | 'progress' }
  | { kind: 'read'; who: Actor; course: CourseId }
  | { kind: 'rosterTakeover'; victim: Learner | Creator | 'root' }
  | { kind: 'changePassword'; who: Learner };

export const learner = fc.constantFrom(...LEARNERS);
export const course = fc.constantFrom(...COURSE_IDS);
export const creator = fc.constantFrom<Creator>('c1', 'c2');
export const actor = fc.constantFrom<Actor>('l1', 'l2', 'l3', 'c1', 'c2', 'root', 'manager', 'orgAdmin', 'anonymous');
export const orderRef = fc.nat({ max: 40 });
export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('order' as const), who: learner, course, coupon: fc.boolean() }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), order: orderRef }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('latePaidEvent' as const), order: orderRef }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: learner, order: orderRef }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: orderRef }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeem' as const), who: learner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moveSeat' as const), from: learner, to: learner }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raceSeat' as const), from: learner, to: fc.tuple(learner, learner) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adminGrant' as const), who: learner, course }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adminRevoke' as const), who: learner, course }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('publish' as const), creator, course, version: fc.nat({ max: 5 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hijackPublish' as const), creator, victim: course }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pushCatalog' as const), creator, course }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), who: learner, as: learner }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pull' as const),
      who: actor,
      collection: fc.constantFrom('entitlements' as const, 'orders' as const, 'notes' as const, 'progress' as const),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), who: actor, course }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rosterTakeover' as const),
      victim: fc.constantFrom<Learner | Creator | 'root'>('l1', 'l2', 'c1', 'root'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changePassword' as const), who: learner }) },
);

export interface OrderModel {
  id: string;
  who: Learner;
  course: CourseId;
  coupon: boolean;
  status: 'pending' | 'paid' | 'expired';
  refunded: boolean;
  checkoutUrl: string;
}

export interface World {
  api: TestServer;
  sessions: Record<Exclude<Actor, 'anonymous'>, Session>;
  organizationId: string;
  poolId: string;
  code: string;
  lessons: Record<CourseId, string>;
}

/** What the server should hold: sources of access, lesson bodies, passwords, coupon holds. */
export class Model {
  orders: OrderModel[] = [];
  seatHolders = new Set<Learner>();
  codeUses = 0;
  adminGrants = new Set<string>();
  lessonText = new Map<CourseId, string>();
  passwords = new Map<string, string>();
  constructor(readonly world: World) {}
  holds(who: Learner, course: CourseId): boolean {
    return (
      this.orders.some((o) => o.who === who && o.course === course && o.status === 'paid' && !o.refunded) ||
      (course === SEAT_COURSE && this.seatHolders.has(who)) ||
      this.adminGrants.has(`${who}|${course}`)
    );
  }
  couponHeldBy(who: Learner): OrderModel | undefined {
    return this.orders.find((o) => o.who === who && o.coupon && (o.status === 'pending' || o.status === 'paid'));
  }
  couponUses(): number {
    return this.orders.filter((o) => o.coupon && (o.status === 'pending' || o.status === 'paid')).length;
  }
}

export const COUPON_TOTAL = 4;
export const SEATS = 2;
export const CODE_USES = 5;
export const PASSWORD = 'correct horse battery';

export async function buildWorld(backend: (typeof BACKENDS)[number], dataDir: string): Promise<World> {
  const api = await startTestServer(dataDir, {
    ...(await backendEnv(backend)),
    ZHIKU_DEMO_CATALOG: 'off',
    ZHIKU_MAX_DEVICES: '100',
    ZHIKU_RECOMMEND_REBUILD_SECONDS: '86400',
  });
  const sessions = {
    root: await signUpAndIn(api, 'root@example.com'),
    c1: await signUpAndIn(api, 'c1@example.com', { role: 'creator' }),
    c2: await signUpAndIn(api, 'c2@example.com', { role: 'creator' }),
    l1: await signUpAndIn(api, 'l1@example.com'),
    l2: await signUpAndIn(api, 'l2@example.com'),
    l3: await signUpAndIn(api, 'l3@example.com'),
    manager: await signUpAndIn(api, 'manager@school.example'),
    orgAdmin: await signUpAndIn(api, 'org-admin@school.example'),
  };
  await api.context.auth.setRole(sessions.root.userId, 'admin');
  const lessons = {} as Record<CourseId, string>;
  for (const id of COURSE_IDS) {
    await publishCourse(api, sessions[COURSES[id]], id, { lessonIds: [`${id}-free`, `${id}-paid`], priceAmount: 1000 });
    lessons[id] = `${id}-paid`;
  }
  const now = Date.now();
  await api.call('POST', '/v1/admin/coupons', {
    token: sessions.root.accessToken,
    body: {
      code: 'LIMITED',
      kind: 'percent',
      value: 50,
      validFrom: now - 60_000,
      validUntil: now + 86_400_000,
      maxRedemptions: COUPON_TOTAL,
    },
  });
  const poolId = (
    await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', {
      token: sessions.root.accessToken,
      body: { institution: 'School', managerId: sessions.manager.userId, courseId: SEAT_COURSE, seats: SEATS },
    })
  ).body.poolId;
  const code = (
    await api.call<{ codes: string[] }>('POST', `/v1/seat-pools/${poolId}/codes`, {
      token: sessions.manager.accessToken,
      body: { count: 1, maxUses: CODE_USES },
    })
  ).body.codes[0]!;
  const provisioned = await api.call<{ provisioning: { organization: { id: string } } }>(
    'POST',
    '/v1/admin/provisioning',
    {
      token: sessions.root.accessToken,
      body: { organization: { name: 'School' }, serverUrl: api.url, enrollment: { maxUses: 10 } },
    },
  );
  const organizationId = provisioned.body.provisioning.organization.id;
  await api.context.db.run(
    "INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (?, ?, 'admin', 0)",
    [organizationId, sessions.orgAdmin.userId],
  );
  return { api, sessions, organizationId, poolId, code, lessons };
}

/** The paid lesson's text as publishCourse writes it (its second lesson, under the course's title). */
export const textOf = (course: CourseId, title: string) => `# ${title} 2\n\nBody of ${course}-paid.`;
export const sha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

/** Runs one action against the server and the model; expectations about its answer are checked here. */
