import type pg from 'pg';
import { MigrationError } from './migrations.js';
import { referencePriceSql } from '../../common/money/reference-price.js';

/**
 * The PostgreSQL schema, version for version the same as the SQLite one (migrations.ts).
 * Forward-only; several servers starting at once serialize on an advisory lock.
 */
export const postgresMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'catalog',
    sql: `CREATE TABLE catalog_courses (id TEXT PRIMARY KEY, source_json TEXT NOT NULL, source_hash TEXT NOT NULL, imported_at TEXT NOT NULL);`,
  },
  {
    version: 2,
    name: 'accounts, devices, tokens, replicated documents',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('learner', 'creator', 'admin')), created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE devices (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), install_id TEXT NOT NULL, name TEXT NOT NULL,
        platform TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, revoked_at BIGINT, UNIQUE (user_id, install_id));
      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY, family_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id), created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, rotated_at BIGINT, revoked_at BIGINT);
      CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);
      CREATE TABLE documents (
        collection TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL, owner_id TEXT, is_public INTEGER NOT NULL,
        deleted INTEGER NOT NULL, data TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (collection, id));
      CREATE UNIQUE INDEX documents_seq ON documents (collection, seq);
      CREATE INDEX documents_owner_seq ON documents (collection, owner_id, seq);
      CREATE SEQUENCE document_sequence_numbers;
      CREATE TABLE seq_leases (seq BIGINT PRIMARY KEY, taken_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());`,
  },
  {
    version: 3,
    name: 'parent of a document (a lesson’s course)',
    sql: `ALTER TABLE documents ADD COLUMN parent_id TEXT; CREATE INDEX documents_parent ON documents (collection, parent_id);`,
  },
  {
    version: 4,
    name: 'lesson content and resumable uploads',
    sql: `
      CREATE TABLE lesson_content (
        lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, mime TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE uploads (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, lesson_id TEXT NOT NULL, course_id TEXT NOT NULL, bytes BIGINT NOT NULL, sha256 TEXT NOT NULL,
        mime TEXT NOT NULL, received BIGINT NOT NULL, created_at BIGINT NOT NULL, completed_at BIGINT);`,
  },
  {
    version: 5,
    name: 'checkouts and payment events',
    sql: `
      CREATE TABLE checkouts (
        order_id TEXT PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, mode TEXT NOT NULL,
        payment_status TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE payment_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, received_at BIGINT NOT NULL);`,
  },
  {
    version: 6,
    name: 'institution seats and redeem codes',
    sql: `
      CREATE TABLE seat_pools (
        id TEXT PRIMARY KEY, institution TEXT NOT NULL, manager_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
        seats_total INTEGER NOT NULL CHECK (seats_total > 0), seats_used INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
        CHECK (seats_used <= seats_total));
      CREATE TABLE redeem_codes (
        code TEXT PRIMARY KEY, pool_id TEXT NOT NULL REFERENCES seat_pools(id), max_uses INTEGER NOT NULL CHECK (max_uses > 0),
        uses INTEGER NOT NULL DEFAULT 0, expires_at BIGINT, created_at BIGINT NOT NULL, CHECK (uses <= max_uses));
      CREATE TABLE redemptions (code TEXT NOT NULL, user_id TEXT NOT NULL, redeemed_at BIGINT NOT NULL, PRIMARY KEY (code, user_id));`,
  },
  {
    version: 7,
    name: 'coupons',
    sql: `
      CREATE TABLE coupons (
        code TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')), value INTEGER NOT NULL CHECK (value > 0),
        currency TEXT, valid_from BIGINT NOT NULL, valid_until BIGINT NOT NULL, max_redemptions INTEGER NOT NULL CHECK (max_redemptions > 0),
        redemptions INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, CHECK (redemptions <= max_redemptions));
      CREATE TABLE order_coupons (order_id TEXT PRIMARY KEY, code TEXT NOT NULL REFERENCES coupons(code), released INTEGER NOT NULL DEFAULT 0);`,
  },
  {
    version: 8,
    name: 'bundles',
    sql: `
      CREATE TABLE bundles (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, course_ids TEXT NOT NULL, price_amount INTEGER NOT NULL CHECK (price_amount > 0),
        currency TEXT NOT NULL, created_at BIGINT NOT NULL);`,
  },
  {
    version: 9,
    name: 'payment intent of a checkout (for disputes)',
    sql: 'ALTER TABLE checkouts ADD COLUMN payment_intent TEXT; CREATE INDEX checkouts_payment_intent ON checkouts (payment_intent);',
  },
  {
    version: 10,
    name: 'sales records for creators',
    sql: `
      CREATE TABLE sales (
        order_id TEXT NOT NULL, course_id TEXT NOT NULL, creator_id TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL,
        paid_at BIGINT NOT NULL, refunded_at BIGINT, PRIMARY KEY (order_id, course_id));
      CREATE INDEX sales_creator ON sales (creator_id, paid_at);`,
  },
  {
    version: 11,
    name: 'organizations, their members and enrollment tokens',
    sql: `
      CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE organization_members (
        organization_id TEXT NOT NULL REFERENCES organizations(id), user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('learner', 'admin')), joined_at BIGINT NOT NULL, PRIMARY KEY (organization_id, user_id));
      CREATE INDEX organization_members_user ON organization_members (user_id);
      CREATE TABLE enrollment_tokens (
        token_hash TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id), max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0, expires_at BIGINT, created_at BIGINT NOT NULL);`,
  },
  {
    version: 12,
    name: 'server epoch (changes when a backup is restored)',
    sql: `
      CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO server_meta (key, value) VALUES ('epoch', md5(random()::text || clock_timestamp()::text));`,
  },
  {
    version: 13,
    name: 'trust boundaries: grants per source, invitations, session cut-off, signing keys, per-learner coupon limits',
    sql: `
      ALTER TABLE users ADD COLUMN created_by_organization TEXT;
      ALTER TABLE users ADD COLUMN claimed_at BIGINT;
      ALTER TABLE devices ADD COLUMN sessions_valid_after BIGINT NOT NULL DEFAULT 0;
      UPDATE users SET claimed_at = created_at WHERE password_hash <> '!no-password-until-reset';
      CREATE TABLE organization_invitations (
        id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id), email TEXT NOT NULL, display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('learner', 'admin')), user_id TEXT, invited_at BIGINT NOT NULL, UNIQUE (organization_id, email));
      CREATE INDEX organization_invitations_email ON organization_invitations (email);
      UPDATE users SET created_by_organization = (SELECT MIN(m.organization_id) FROM organization_members m WHERE m.user_id = users.id)
        WHERE password_hash = '!no-password-until-reset';
      CREATE TABLE entitlement_grants (
        user_id TEXT NOT NULL, course_id TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('purchase', 'grant', 'redeem', 'free')),
        source_ref TEXT NOT NULL, granted_at BIGINT NOT NULL, revoked_at BIGINT, PRIMARY KEY (user_id, course_id, source, source_ref));
      INSERT INTO entitlement_grants (user_id, course_id, source, source_ref, granted_at, revoked_at)
        SELECT owner_id, parent_id, data::jsonb->>'source', COALESCE(data::jsonb->>'orderId', data::jsonb->>'source'),
               (data::jsonb->>'grantedAt')::BIGINT, (data::jsonb->>'revokedAt')::BIGINT
        FROM documents WHERE collection = 'entitlements' AND deleted = 0;
      CREATE TABLE signing_keys (kid TEXT PRIMARY KEY, private_key TEXT NOT NULL, legacy INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, retired_at BIGINT);
      ALTER TABLE coupons ADD COLUMN max_per_learner INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE order_coupons ADD COLUMN user_id TEXT;
      CREATE INDEX order_coupons_user ON order_coupons (code, user_id);
      ALTER TABLE checkouts ADD COLUMN refunds TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    version: 14,
    name: 'commerce in typed tables: orders, order lines, entitlements, coupon uses, payment events by order',
    sql: `
      CREATE TABLE orders (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'expired', 'failed')),
        currency TEXT NOT NULL, total_amount BIGINT NOT NULL, test_mode INTEGER NOT NULL, receipt_url TEXT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE INDEX orders_user ON orders (user_id, created_at);
      CREATE INDEX orders_status ON orders (status, updated_at);
      CREATE TABLE order_lines (
        order_id TEXT NOT NULL REFERENCES orders(id), position INTEGER NOT NULL, course_id TEXT NOT NULL, amount BIGINT NOT NULL,
        currency TEXT NOT NULL, refunded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (order_id, course_id));
      CREATE INDEX order_lines_course ON order_lines (course_id);
      CREATE TABLE entitlements (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, course_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('purchase', 'grant', 'redeem', 'free')), order_id TEXT,
        granted_at BIGINT NOT NULL, revoked_at BIGINT, signature TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE UNIQUE INDEX entitlements_learner_course ON entitlements (user_id, course_id);
      CREATE INDEX entitlements_course ON entitlements (course_id);
      INSERT INTO orders (id, user_id, status, currency, total_amount, test_mode, receipt_url, created_at, updated_at)
        SELECT id, data::jsonb->>'userId', data::jsonb->>'status', data::jsonb->>'currency', (data::jsonb->>'totalAmount')::BIGINT,
               CASE WHEN (data::jsonb->>'testMode')::BOOLEAN THEN 1 ELSE 0 END, data::jsonb->>'receiptUrl',
               (data::jsonb->>'createdAt')::BIGINT, (data::jsonb->>'updatedAt')::BIGINT
        FROM documents WHERE collection = 'orders' AND deleted = 0;
      INSERT INTO order_lines (order_id, position, course_id, amount, currency, refunded)
        SELECT d.id, (item.position - 1)::INTEGER, item.value->>'courseId', (item.value->>'amount')::BIGINT, item.value->>'currency',
               CASE WHEN (item.value->>'refunded')::BOOLEAN THEN 1 ELSE 0 END
        FROM documents d, jsonb_array_elements(d.data::jsonb->'items') WITH ORDINALITY AS item(value, position)
        WHERE d.collection = 'orders' AND d.deleted = 0;
      INSERT INTO entitlements (id, user_id, course_id, source, order_id, granted_at, revoked_at, signature, updated_at)
        SELECT id, data::jsonb->>'userId', data::jsonb->>'courseId', data::jsonb->>'source', data::jsonb->>'orderId',
               (data::jsonb->>'grantedAt')::BIGINT, (data::jsonb->>'revokedAt')::BIGINT, data::jsonb->>'signature', (data::jsonb->>'updatedAt')::BIGINT
        FROM documents WHERE collection = 'entitlements' AND deleted = 0;
      ALTER TABLE order_coupons RENAME TO coupon_uses;
      ALTER INDEX order_coupons_pkey RENAME TO coupon_uses_pkey;
      DROP INDEX order_coupons_user;
      CREATE INDEX coupon_uses_learner ON coupon_uses (code, user_id);
      ALTER TABLE payment_events ADD COLUMN order_id TEXT;
      CREATE INDEX payment_events_order ON payment_events (order_id);`,
  },
  {
    version: 15,
    name: 'storefront: creator biographies; courses keyed by reference price and counting their learners',
    sql: `
      ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
      UPDATE documents SET data = (data::jsonb || jsonb_build_object(
          'priceReference', ${referencePriceSql("(data::jsonb->>'priceAmount')::BIGINT", "data::jsonb->>'currency'")},
          'learnerCount', (SELECT COUNT(*) FROM entitlements e WHERE e.course_id = documents.id AND e.revoked_at IS NULL)
        ))::text
        WHERE collection = 'courses';`,
  },
  {
    version: 16,
    name: 'accounts that recover themselves: verified e-mail, preferred languages, one-time codes',
    sql: `
      ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
      ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
      CREATE TABLE account_codes (
        user_id TEXT NOT NULL REFERENCES users(id), purpose TEXT NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
        code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, purpose));`,
  },
  {
    version: 17,
    name: 'a profile picture',
    sql: 'ALTER TABLE users ADD COLUMN avatar TEXT;',
  },
  {
    version: 18,
    name: 'certificates of completion',
    sql: `
      CREATE TABLE certificates (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
        learner_name TEXT NOT NULL, course_title TEXT NOT NULL, creator_name TEXT NOT NULL,
        issued_at BIGINT NOT NULL, revoked_at BIGINT, signature TEXT NOT NULL, UNIQUE (user_id, course_id));`,
  },
  {
    version: 19,
    name: 'exam keys and results',
    sql: `
      CREATE TABLE exam_keys (
        lesson_id TEXT NOT NULL, paper_sha256 TEXT NOT NULL, course_id TEXT NOT NULL, body TEXT NOT NULL,
        published_at BIGINT NOT NULL, PRIMARY KEY (lesson_id, paper_sha256));
      CREATE TABLE exam_results (
        sitting_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
        lesson_id TEXT NOT NULL, attempt INTEGER NOT NULL, status TEXT NOT NULL, void_reason TEXT,
        right_count INTEGER NOT NULL, question_count INTEGER NOT NULL, percent DOUBLE PRECISION NOT NULL,
        passed INTEGER NOT NULL, started_at BIGINT NOT NULL, submitted_at BIGINT NOT NULL, graded_at BIGINT NOT NULL);
      CREATE INDEX exam_results_user ON exam_results (user_id, lesson_id);
      CREATE INDEX exam_results_course ON exam_results (course_id);`,
  },
  {
    version: 20,
    name: 'creator payout accounts',
    sql: `
      CREATE TABLE creator_accounts (
        user_id TEXT PRIMARY KEY REFERENCES users(id), account_id TEXT NOT NULL UNIQUE,
        details_submitted INTEGER NOT NULL, charges_enabled INTEGER NOT NULL, payouts_enabled INTEGER NOT NULL,
        updated_at BIGINT NOT NULL);`,
  },
  {
    version: 21,
    name: 'platform fee per sale',
    sql: 'ALTER TABLE sales ADD COLUMN platform_fee INTEGER NOT NULL DEFAULT 0;',
  },
  {
    version: 22,
    name: 'creator transfers',
    sql: `
      ALTER TABLE sales ADD COLUMN creator_due BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE sales ADD COLUMN transferred BIGINT NOT NULL DEFAULT 0;
      UPDATE sales SET creator_due = amount - platform_fee WHERE refunded_at IS NULL;
      CREATE INDEX sales_unsettled ON sales (creator_id) WHERE creator_due <> transferred;
      CREATE TABLE transfers (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL, course_id TEXT NOT NULL, creator_id TEXT NOT NULL,
        account_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('transfer', 'reversal')),
        amount BIGINT NOT NULL CHECK (amount > 0), currency TEXT NOT NULL, reverses TEXT,
        reversed BIGINT NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        provider_id TEXT, error TEXT, created_at BIGINT NOT NULL, settled_at BIGINT);
      CREATE INDEX transfers_line ON transfers (order_id, course_id);
      CREATE INDEX transfers_creator ON transfers (creator_id, created_at);`,
  },
  {
    version: 23,
    name: 'memberships',
    sql: `
      ALTER TABLE entitlements DROP CONSTRAINT IF EXISTS entitlements_source_check;
      ALTER TABLE entitlements ADD CONSTRAINT entitlements_source_check
        CHECK (source IN ('purchase', 'grant', 'redeem', 'free', 'membership'));
      ALTER TABLE entitlements ADD COLUMN valid_until BIGINT, ADD COLUMN renews INTEGER, ADD COLUMN scope TEXT,
        ADD COLUMN plan_id TEXT;
      CREATE TABLE plans (
        id TEXT PRIMARY KEY, owner_id TEXT, title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('creator', 'courses', 'all')),
        billing_interval TEXT NOT NULL CHECK (billing_interval IN ('month', 'year')),
        price_amount BIGINT NOT NULL CHECK (price_amount > 0), currency TEXT NOT NULL,
        trial_days INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1, created_at BIGINT NOT NULL);
      CREATE INDEX plans_owner ON plans (owner_id);
      CREATE TABLE plan_courses (
        plan_id TEXT NOT NULL REFERENCES plans(id), course_id TEXT NOT NULL, PRIMARY KEY (plan_id, course_id));
      CREATE TABLE memberships (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, plan_id TEXT NOT NULL REFERENCES plans(id),
        checkout_session TEXT UNIQUE, subscription_id TEXT UNIQUE, customer_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'trialing', 'active', 'past_due', 'canceled', 'expired')),
        cancel_at_period_end INTEGER NOT NULL DEFAULT 0, paid_through BIGINT NOT NULL DEFAULT 0, ended_at BIGINT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE INDEX memberships_user ON memberships (user_id, status);
      ALTER TABLE sales ADD COLUMN payment_intent TEXT;`,
  },
  {
    version: 24,
    name: 'column releases',
    sql: `
      CREATE TABLE lesson_releases (
        lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, release_at BIGINT NOT NULL, released_at BIGINT);
      CREATE INDEX lesson_releases_due ON lesson_releases (release_at) WHERE released_at IS NULL;`,
  },
  {
    version: 25,
    name: 'reviews know their course (devices ask for one course’s reviews)',
    sql: `UPDATE documents SET parent_id = (data::jsonb)->>'courseId' WHERE collection = 'reviews';`,
  },
  {
    version: 26,
    name: 'held lessons (devices keep the lessons of the courses their learner holds)',
    sql: `
      UPDATE documents SET parent_id = (data::jsonb)->>'courseId' WHERE collection = 'progress';
      CREATE TABLE lesson_scope_versions (user_id TEXT PRIMARY KEY, version BIGINT NOT NULL);
      CREATE TABLE lesson_scopes (
        user_id TEXT NOT NULL, course_id TEXT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (user_id, course_id));`,
  },
  {
    version: 27,
    name: 'catalogue search on the server (devices hold only their learner’s lessons)',
    sql: `
      CREATE TABLE search_courses (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, subtitle TEXT NOT NULL, title_terms TEXT NOT NULL, terms TEXT NOT NULL,
        vec tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || setweight(to_tsvector('simple'::regconfig, terms), 'B')
        ) STORED);
      CREATE INDEX search_courses_vec ON search_courses USING GIN (vec);
      CREATE TABLE search_lessons (
        id TEXT PRIMARY KEY, course_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, title_terms TEXT NOT NULL,
        vec tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED);
      CREATE INDEX search_lessons_vec ON search_lessons USING GIN (vec);
      INSERT INTO server_meta (key, value) VALUES ('search_catch_up', '');`,
  },
];

const MIGRATION_LOCK = 7_410_001;

export async function migratePostgres(pool: pg.Pool, list = postgresMigrations): Promise<number> {
  const connection = await pool.connect();
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await connection.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const current = Number(
      (await connection.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0,
    );
    const newest = list.at(-1)?.version ?? 0;
    if (current > newest)
      throw new MigrationError(
        `The database is at schema version ${current}, newer than this server (${newest}). Upgrade the server.`,
      );
    for (const migration of list) {
      if (migration.version <= current) continue;
      await connection.query('BEGIN');
      try {
        await connection.query(migration.sql);
        await connection.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ]);
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      }
    }
    return Number(
      (await connection.query<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]!.v,
    );
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    connection.release();
  }
}
