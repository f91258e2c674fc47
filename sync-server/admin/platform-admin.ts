import type { z } from 'zod';
import type {
  AdminOrder,
  AdminOrganization,
  AdminOverview,
  AdminSearch,
  AdminSeatPool,
  AdminUser,
  createOrganizationRequestSchema,
} from '../../common/server-api/admin.js';
import type { UserRole } from '../../common/server-api/auth.js';
import type { CourseDoc } from '../../common/collections/index.js';
import { newId } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';

const DEFAULT_LIMIT = 50;

/** A LIKE pattern matching `text` anywhere, its own % and _ taken literally (SQLite and PostgreSQL alike). */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * What the platform administrator sees and does from the app instead of calling the API:
 * the payments mode and the platform's counts, users (found by e-mail or name), every
 * organization with its admins, every seat pool, orders (found by id or buyer) — and new
 * organizations, whose first admin is invited (never enrolled without accepting). Callers
 * are checked by the routes (platform admins only); nothing here trusts an id it is given
 * beyond looking it up.
 */
export function createPlatformAdmin(deps: {
  db: SqlDatabase;
  now: () => number;
  paymentsMode: AdminOverview['paymentsMode'];
  /** Tells the invited administrator by mail; a mail that fails loses no organization. */
  onInvited?: (invitation: { email: string; organization: string; inviter: string }) => void;
}) {
  const { db, now } = deps;
  const courseTitles = async (courseIds: string[]) => {
    const titles = new Map<string, CourseDoc['title']>();
    for (const courseId of new Set(courseIds)) {
      const row = await db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'courses' AND id = ?", [
        courseId,
      ]);
      titles.set(courseId, row ? (JSON.parse(row.data) as CourseDoc).title : { zh: courseId, en: courseId });
    }
    return titles;
  };

  return {
    async overview(): Promise<AdminOverview> {
      const number = async (sql: string) => Number((await db.get<{ n: number | string }>(sql))?.n ?? 0);
      return {
        paymentsMode: deps.paymentsMode,
        users: await number('SELECT COUNT(*) AS n FROM users'),
        creators: await number("SELECT COUNT(*) AS n FROM users WHERE role = 'creator'"),
        organizations: await number('SELECT COUNT(*) AS n FROM organizations'),
        seatPools: await number('SELECT COUNT(*) AS n FROM seat_pools'),
        orders: {
          paid: await number("SELECT COUNT(*) AS n FROM orders WHERE status IN ('paid', 'partially_refunded')"),
          refunded: await number("SELECT COUNT(*) AS n FROM orders WHERE status = 'refunded'"),
          pending: await number("SELECT COUNT(*) AS n FROM orders WHERE status = 'pending'"),
        },
      };
    },

    async users({ query, limit }: AdminSearch): Promise<{ users: AdminUser[]; total: number }> {
      const where = query ? "WHERE LOWER(email) LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\'" : '';
      const params = query ? [containing(query), containing(query)] : [];
      const rows = await db.all<{
        id: string;
        email: string;
        display_name: string;
        role: UserRole;
        created_at: number | string;
        email_verified_at: number | string | null;
      }>(
        `SELECT id, email, display_name, role, created_at, email_verified_at FROM users ${where} ORDER BY created_at DESC, id LIMIT ?`,
        [...params, limit ?? DEFAULT_LIMIT],
      );
      const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM users ${where}`, params);
      const users: AdminUser[] = [];
      for (const row of rows) {
        const organizations = await db.all<{ name: string }>(
          'SELECT o.name FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name',
          [row.id],
        );
        users.push({
          id: row.id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          createdAt: Number(row.created_at),
          emailVerified: row.email_verified_at !== null,
          organizations: organizations.map((o) => o.name),
        });
      }
      return { users, total: Number(total?.n ?? 0) };
    },

    async organizations(): Promise<AdminOrganization[]> {
      const rows = await db.all<{ id: string; name: string; created_at: number | string }>(
        'SELECT id, name, created_at FROM organizations ORDER BY created_at DESC, id',
      );
      const result: AdminOrganization[] = [];
      for (const row of rows) {
        const members = await db.get<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM organization_members WHERE organization_id = ?',
          [row.id],
        );
        const admins = await db.all<{ id: string; display_name: string; email: string }>(
          "SELECT u.id, u.display_name, u.email FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? AND m.role = 'admin' ORDER BY u.display_name",
          [row.id],
        );
        const invited = await db.get<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM organization_invitations WHERE organization_id = ?',
          [row.id],
        );
        result.push({
          id: row.id,
          name: row.name,
          createdAt: Number(row.created_at),
          members: Number(members?.n ?? 0),
          admins: admins.map((a) => ({ userId: a.id, displayName: a.display_name, email: a.email })),
          invited: Number(invited?.n ?? 0),
        });
      }
      return result;
    },

    async seatPools(): Promise<AdminSeatPool[]> {
      const rows = await db.all<{
        id: string;
        institution: string;
        course_id: string;
        seats_total: number | string;
        seats_used: number | string;
        created_at: number | string;
        manager_id: string;
        display_name: string;
        email: string;
      }>(
        'SELECT p.id, p.institution, p.course_id, p.seats_total, p.seats_used, p.created_at, p.manager_id, u.display_name, u.email FROM seat_pools p JOIN users u ON u.id = p.manager_id ORDER BY p.created_at DESC, p.id',
      );
      const titles = await courseTitles(rows.map((row) => row.course_id));
      return rows.map((row) => ({
        poolId: row.id,
        institution: row.institution,
        courseId: row.course_id,
        courseTitle: titles.get(row.course_id)!,
        seatsTotal: Number(row.seats_total),
        seatsUsed: Number(row.seats_used),
        manager: { userId: row.manager_id, displayName: row.display_name, email: row.email },
        createdAt: Number(row.created_at),
      }));
    },

    async orders({ query, limit }: AdminSearch): Promise<AdminOrder[]> {
      const where = query
        ? "WHERE LOWER(o.id) LIKE ? ESCAPE '\\' OR LOWER(u.email) LIKE ? ESCAPE '\\' OR LOWER(u.display_name) LIKE ? ESCAPE '\\'"
        : '';
      const rows = await db.all<{
        id: string;
        user_id: string;
        status: AdminOrder['status'];
        currency: AdminOrder['currency'];
        total_amount: number | string;
        test_mode: number | boolean;
        created_at: number | string;
        display_name: string;
        email: string;
      }>(
        `SELECT o.id, o.user_id, o.status, o.currency, o.total_amount, o.test_mode, o.created_at, u.display_name, u.email FROM orders o JOIN users u ON u.id = o.user_id ${where} ORDER BY o.created_at DESC, o.id LIMIT ?`,
        [...(query ? [containing(query), containing(query), containing(query)] : []), limit ?? DEFAULT_LIMIT],
      );
      const orders: AdminOrder[] = [];
      for (const row of rows) {
        const lines = await db.all<{ course_id: string; amount: number | string; refunded: number | boolean }>(
          'SELECT course_id, amount, refunded FROM order_lines WHERE order_id = ? ORDER BY position',
          [row.id],
        );
        const titles = await courseTitles(lines.map((line) => line.course_id));
        orders.push({
          id: row.id,
          buyer: { userId: row.user_id, displayName: row.display_name, email: row.email },
          status: row.status,
          totalAmount: Number(row.total_amount),
          currency: row.currency,
          testMode: Boolean(Number(row.test_mode)),
          createdAt: Number(row.created_at),
          lines: lines.map((line) => ({
            courseId: line.course_id,
            title: titles.get(line.course_id)!,
            amount: Number(line.amount),
            refunded: Boolean(Number(line.refunded)),
          })),
        });
      }
      return orders;
    },

    /**
     * A new organization and an invitation for its first administrator, in one transaction.
     * The administrator must have an account already, and joins only by accepting (an
     * organization never gains an account it did not make, and an address is no proof of
     * who will sign up with it later — see docs/security.md).
     */
    async createOrganization(
      inviterId: string,
      request: z.output<typeof createOrganizationRequestSchema>,
    ): Promise<{ organization: { id: string; name: string }; invitationId: string }> {
      const email = request.adminEmail.trim().toLowerCase();
      const created = await db.transaction(async (tx) => {
        if (await tx.get('SELECT id FROM organizations WHERE LOWER(name) = ?', [request.name.toLowerCase()]))
          throw new DomainError('CONFLICT', 'An organization with this name exists already.');
        const organization = { id: newId('org'), name: request.name };
        await tx.run('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)', [
          organization.id,
          organization.name,
          now(),
        ]);
        const existing = await tx.get<{ id: string; display_name: string }>(
          'SELECT id, display_name FROM users WHERE email = ?',
          [email],
        );
        if (!existing)
          throw new DomainError('NOT_FOUND', 'No account has this address: its owner signs up first, then is invited.');
        const invitationId = newId('inv');
        await tx.run(
          "INSERT INTO organization_invitations (id, organization_id, email, display_name, role, user_id, invited_at) VALUES (?, ?, ?, ?, 'admin', ?, ?)",
          [invitationId, organization.id, email, request.adminName ?? existing.display_name, existing.id, now()],
        );
        return { organization, invitationId };
      });
      const inviter = await db.get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [
        inviterId,
      ]);
      deps.onInvited?.({ email, organization: created.organization.name, inviter: inviter?.display_name ?? 'Zhiku' });
      return created;
    },
  };
}

export type PlatformAdmin = ReturnType<typeof createPlatformAdmin>;
