import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { referencePrice, type PriceCurrency } from '../../common/money/reference-price.js';
import { runMigrations, type Migration } from './migration-runner.js';
import { searchTablesMigration } from './search-tables-migration.js';

export { currentSchemaVersion, MigrationError, type Migration } from './migration-runner.js';

/**
 * Forward-only: a released migration is never edited; a change is a new entry. Each runs
 * in its own transaction together with its row in `schema_migrations`.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'catalog',
    up(db) {
      db.exec(`
        CREATE TABLE catalog_courses (
          id TEXT PRIMARY KEY,
          source_json TEXT NOT NULL,
          source_hash TEXT NOT NULL,
          imported_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'accounts, devices, tokens, replicated documents',
    up(db) {
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('learner', 'creator', 'admin')),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users(id),
          install_id TEXT NOT NULL,
          name TEXT NOT NULL,
          platform TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          revoked_at INTEGER,
          UNIQUE (user_id, install_id)
        ) STRICT;
        CREATE TABLE refresh_tokens (
          token_hash TEXT PRIMARY KEY,
          family_id TEXT NOT NULL,
          user_id TEXT NOT NULL REFERENCES users(id),
          device_id TEXT NOT NULL REFERENCES devices(id),
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          rotated_at INTEGER,
          revoked_at INTEGER
        ) STRICT;
        CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
        CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);
        CREATE TABLE documents (
          collection TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          owner_id TEXT,
          is_public INTEGER NOT NULL,
          deleted INTEGER NOT NULL,
          data TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (collection, id)
        ) STRICT;
        CREATE UNIQUE INDEX documents_seq ON documents (collection, seq);
        CREATE INDEX documents_owner_seq ON documents (collection, owner_id, seq);
        CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
        INSERT INTO sequences (name, value) VALUES ('documents', 0);
      `);
    },
  },
  {
    version: 3,
    name: 'parent of a document (a lesson’s course)',
    up(db) {
      db.exec(`
        ALTER TABLE documents ADD COLUMN parent_id TEXT;
        CREATE INDEX documents_parent ON documents (collection, parent_id);
      `);
    },
  },
  {
    version: 4,
    name: 'lesson content and resumable uploads',
    up(db) {
      db.exec(`
        CREATE TABLE lesson_content (
          lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, mime TEXT NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE uploads (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL, lesson_id TEXT NOT NULL, course_id TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
          mime TEXT NOT NULL, received INTEGER NOT NULL, created_at INTEGER NOT NULL, completed_at INTEGER
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'checkouts and payment events',
    up(db) {
      db.exec(`
        CREATE TABLE checkouts (
          order_id TEXT PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, mode TEXT NOT NULL,
          payment_status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE payment_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;
      `);
    },
  },
  {
    version: 6,
    name: 'institution seats and redeem codes',
    up(db) {
      db.exec(`
        CREATE TABLE seat_pools (
          id TEXT PRIMARY KEY, institution TEXT NOT NULL, manager_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
          seats_total INTEGER NOT NULL CHECK (seats_total > 0), seats_used INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
          CHECK (seats_used <= seats_total)
        ) STRICT;
        CREATE TABLE redeem_codes (
          code TEXT PRIMARY KEY, pool_id TEXT NOT NULL REFERENCES seat_pools(id), max_uses INTEGER NOT NULL CHECK (max_uses > 0),
          uses INTEGER NOT NULL DEFAULT 0, expires_at INTEGER, created_at INTEGER NOT NULL, CHECK (uses <= max_uses)
        ) STRICT;
        CREATE TABLE redemptions (code TEXT NOT NULL, user_id TEXT NOT NULL, redeemed_at INTEGER NOT NULL, PRIMARY KEY (code, user_id)) STRICT;
      `);
    },
  },
  {
    version: 7,
    name: 'coupons',
    up(db) {
      db.exec(`
        CREATE TABLE coupons (
          code TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')), value INTEGER NOT NULL CHECK (value > 0),
          currency TEXT, valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL, max_redemptions INTEGER NOT NULL CHECK (max_redemptions > 0),
          redemptions INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, CHECK (redemptions <= max_redemptions)
        ) STRICT;
        CREATE TABLE order_coupons (order_id TEXT PRIMARY KEY, code TEXT NOT NULL REFERENCES coupons(code), released INTEGER NOT NULL DEFAULT 0) STRICT;
      `);
    },
  },
  {
    version: 8,
    name: 'bundles',
    up(db) {
      db.exec(`
        CREATE TABLE bundles (
          id TEXT PRIMARY KEY, title TEXT NOT NULL, course_ids TEXT NOT NULL, price_amount INTEGER NOT NULL CHECK (price_amount > 0),
          currency TEXT NOT NULL, created_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 9,
    name: 'payment intent of a checkout (for disputes)',
    up(db) {
      db.exec(
        'ALTER TABLE checkouts ADD COLUMN payment_intent TEXT; CREATE INDEX checkouts_payment_intent ON checkouts (payment_intent);',
      );
    },
  },
  {
    version: 10,
    name: 'sales records for creators',
    up(db) {
      db.exec(`
        CREATE TABLE sales (
          order_id TEXT NOT NULL, course_id TEXT NOT NULL, creator_id TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
          paid_at INTEGER NOT NULL, refunded_at INTEGER, PRIMARY KEY (order_id, course_id)
        ) STRICT;
        CREATE INDEX sales_creator ON sales (creator_id, paid_at);
      `);
    },
  },
  {
    version: 11,
    name: 'organizations, their members and enrollment tokens',
    up(db) {
      db.exec(`
        CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
        CREATE TABLE organization_members (
          organization_id TEXT NOT NULL REFERENCES organizations(id), user_id TEXT NOT NULL REFERENCES users(id),
          role TEXT NOT NULL CHECK (role IN ('learner', 'admin')), joined_at INTEGER NOT NULL, PRIMARY KEY (organization_id, user_id)
        ) STRICT;
        CREATE INDEX organization_members_user ON organization_members (user_id);
        CREATE TABLE enrollment_tokens (
          token_hash TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id), max_uses INTEGER NOT NULL,
          uses INTEGER NOT NULL DEFAULT 0, expires_at INTEGER, created_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 12,
    name: 'server epoch (changes when a backup is restored)',
    up(db) {
      db.exec('CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;');
      db.prepare("INSERT INTO server_meta (key, value) VALUES ('epoch', ?)").run(randomBytes(8).toString('hex'));
    },
  },
  {
    version: 13,
    name: 'trust boundaries: grants per source, invitations, session cut-off, signing keys, per-learner coupon limits',
    up(db) {
      db.exec(`
        ALTER TABLE users ADD COLUMN created_by_organization TEXT;
        ALTER TABLE users ADD COLUMN claimed_at INTEGER;
        ALTER TABLE devices ADD COLUMN sessions_valid_after INTEGER NOT NULL DEFAULT 0;
        UPDATE users SET claimed_at = created_at WHERE password_hash <> '!no-password-until-reset';
        CREATE TABLE organization_invitations (
          id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id), email TEXT NOT NULL, display_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('learner', 'admin')), user_id TEXT, invited_at INTEGER NOT NULL, UNIQUE (organization_id, email)) STRICT;
        CREATE INDEX organization_invitations_email ON organization_invitations (email);
        UPDATE users SET created_by_organization = (SELECT MIN(m.organization_id) FROM organization_members m WHERE m.user_id = users.id)
          WHERE password_hash = '!no-password-until-reset';
        CREATE TABLE entitlement_grants (
          user_id TEXT NOT NULL, course_id TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('purchase', 'grant', 'redeem', 'free')),
          source_ref TEXT NOT NULL, granted_at INTEGER NOT NULL, revoked_at INTEGER, PRIMARY KEY (user_id, course_id, source, source_ref)
        ) STRICT;
        INSERT INTO entitlement_grants (user_id, course_id, source, source_ref, granted_at, revoked_at)
          SELECT owner_id, parent_id, json_extract(data, '$.source'), COALESCE(json_extract(data, '$.orderId'), json_extract(data, '$.source')),
                 json_extract(data, '$.grantedAt'), json_extract(data, '$.revokedAt')
          FROM documents WHERE collection = 'entitlements' AND deleted = 0;
        CREATE TABLE signing_keys (kid TEXT PRIMARY KEY, private_key TEXT NOT NULL, legacy INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, retired_at INTEGER) STRICT;
        ALTER TABLE coupons ADD COLUMN max_per_learner INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE order_coupons ADD COLUMN user_id TEXT;
        CREATE INDEX order_coupons_user ON order_coupons (code, user_id);
        ALTER TABLE checkouts ADD COLUMN refunds TEXT NOT NULL DEFAULT '{}';
      `);
    },
  },
  {
    version: 14,
    name: 'commerce in typed tables: orders, order lines, entitlements, coupon uses, payment events by order',
    up(db) {
      db.exec(`
        CREATE TABLE orders (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'expired', 'failed')),
          currency TEXT NOT NULL, total_amount INTEGER NOT NULL, test_mode INTEGER NOT NULL, receipt_url TEXT,
          created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX orders_user ON orders (user_id, created_at);
        CREATE INDEX orders_status ON orders (status, updated_at);
        CREATE TABLE order_lines (
          order_id TEXT NOT NULL REFERENCES orders(id), position INTEGER NOT NULL, course_id TEXT NOT NULL, amount INTEGER NOT NULL,
          currency TEXT NOT NULL, refunded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (order_id, course_id)
        ) STRICT;
        CREATE INDEX order_lines_course ON order_lines (course_id);
        CREATE TABLE entitlements (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL, course_id TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('purchase', 'grant', 'redeem', 'free')), order_id TEXT,
          granted_at INTEGER NOT NULL, revoked_at INTEGER, signature TEXT NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX entitlements_learner_course ON entitlements (user_id, course_id);
        CREATE INDEX entitlements_course ON entitlements (course_id);
        INSERT INTO orders (id, user_id, status, currency, total_amount, test_mode, receipt_url, created_at, updated_at)
          SELECT id, json_extract(data, '$.userId'), json_extract(data, '$.status'), json_extract(data, '$.currency'),
                 CAST(json_extract(data, '$.totalAmount') AS INTEGER), CAST(json_extract(data, '$.testMode') AS INTEGER),
                 json_extract(data, '$.receiptUrl'), CAST(json_extract(data, '$.createdAt') AS INTEGER), CAST(json_extract(data, '$.updatedAt') AS INTEGER)
          FROM documents WHERE collection = 'orders' AND deleted = 0;
        INSERT INTO order_lines (order_id, position, course_id, amount, currency, refunded)
          SELECT d.id, CAST(item.key AS INTEGER), json_extract(item.value, '$.courseId'), CAST(json_extract(item.value, '$.amount') AS INTEGER),
                 json_extract(item.value, '$.currency'), CAST(json_extract(item.value, '$.refunded') AS INTEGER)
          FROM documents d, json_each(d.data, '$.items') item WHERE d.collection = 'orders' AND d.deleted = 0;
        INSERT INTO entitlements (id, user_id, course_id, source, order_id, granted_at, revoked_at, signature, updated_at)
          SELECT id, json_extract(data, '$.userId'), json_extract(data, '$.courseId'), json_extract(data, '$.source'), json_extract(data, '$.orderId'),
                 CAST(json_extract(data, '$.grantedAt') AS INTEGER), CAST(json_extract(data, '$.revokedAt') AS INTEGER),
                 json_extract(data, '$.signature'), CAST(json_extract(data, '$.updatedAt') AS INTEGER)
          FROM documents WHERE collection = 'entitlements' AND deleted = 0;
        ALTER TABLE order_coupons RENAME TO coupon_uses;
        DROP INDEX order_coupons_user;
        CREATE INDEX coupon_uses_learner ON coupon_uses (code, user_id);
        ALTER TABLE payment_events ADD COLUMN order_id TEXT;
        CREATE INDEX payment_events_order ON payment_events (order_id);
      `);
    },
  },
  {
    version: 15,
    name: 'storefront: creator biographies; courses keyed by reference price and counting their learners',
    up(db) {
      db.exec(`ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT ''`);
      const learners = db.prepare('SELECT COUNT(*) AS n FROM entitlements WHERE course_id = ? AND revoked_at IS NULL');
      const update = db.prepare("UPDATE documents SET data = ? WHERE collection = 'courses' AND id = ?");
      const rows = db.prepare("SELECT id, data FROM documents WHERE collection = 'courses'").all() as {
        id: string;
        data: string;
      }[];
      for (const row of rows) {
        const doc = JSON.parse(row.data) as { priceAmount: number; currency: PriceCurrency };
        const learnerCount = (learners.get(row.id) as { n: number }).n;
        const priceReference = referencePrice(doc.priceAmount, doc.currency);
        update.run(JSON.stringify({ ...doc, priceReference, learnerCount }), row.id);
      }
    },
  },
  {
    version: 16,
    name: 'accounts that recover themselves: verified e-mail, preferred languages, one-time codes',
    up(db) {
      db.exec(`
        ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
        ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE account_codes (
          user_id TEXT NOT NULL REFERENCES users(id), purpose TEXT NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
          code_hash TEXT NOT NULL, expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
          PRIMARY KEY (user_id, purpose)
        ) STRICT;
      `);
    },
  },
  {
    version: 17,
    name: 'a profile picture',
    up(db) {
      db.exec('ALTER TABLE users ADD COLUMN avatar TEXT;');
    },
  },
  {
    version: 18,
    name: 'certificates of completion',
    up(db) {
      db.exec(`
        CREATE TABLE certificates (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
          learner_name TEXT NOT NULL, course_title TEXT NOT NULL, creator_name TEXT NOT NULL,
          issued_at INTEGER NOT NULL, revoked_at INTEGER, signature TEXT NOT NULL, UNIQUE (user_id, course_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 19,
    name: 'exam keys and results',
    up(db) {
      db.exec(`
        CREATE TABLE exam_keys (
          lesson_id TEXT NOT NULL, paper_sha256 TEXT NOT NULL, course_id TEXT NOT NULL, body TEXT NOT NULL,
          published_at INTEGER NOT NULL, PRIMARY KEY (lesson_id, paper_sha256)
        ) STRICT;
        CREATE TABLE exam_results (
          sitting_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), course_id TEXT NOT NULL,
          lesson_id TEXT NOT NULL, attempt INTEGER NOT NULL, status TEXT NOT NULL, void_reason TEXT,
          right_count INTEGER NOT NULL, question_count INTEGER NOT NULL, percent REAL NOT NULL, passed INTEGER NOT NULL,
          started_at INTEGER NOT NULL, submitted_at INTEGER NOT NULL, graded_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX exam_results_user ON exam_results (user_id, lesson_id);
        CREATE INDEX exam_results_course ON exam_results (course_id);
      `);
    },
  },
  {
    version: 20,
    name: 'creator payout accounts',
    up(db) {
      db.exec(`
        CREATE TABLE creator_accounts (
          user_id TEXT PRIMARY KEY REFERENCES users(id), account_id TEXT NOT NULL UNIQUE,
          details_submitted INTEGER NOT NULL, charges_enabled INTEGER NOT NULL, payouts_enabled INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 21,
    name: 'platform fee per sale',
    up(db) {
      db.exec('ALTER TABLE sales ADD COLUMN platform_fee INTEGER NOT NULL DEFAULT 0');
    },
  },
  {
    version: 22,
    name: 'creator transfers',
    up(db) {
      db.exec(`
        ALTER TABLE sales ADD COLUMN creator_due INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sales ADD COLUMN transferred INTEGER NOT NULL DEFAULT 0;
        UPDATE sales SET creator_due = amount - platform_fee WHERE refunded_at IS NULL;
        CREATE INDEX sales_unsettled ON sales (creator_id) WHERE creator_due <> transferred;
        CREATE TABLE transfers (
          id TEXT PRIMARY KEY, order_id TEXT NOT NULL, course_id TEXT NOT NULL, creator_id TEXT NOT NULL,
          account_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('transfer', 'reversal')),
          amount INTEGER NOT NULL CHECK (amount > 0), currency TEXT NOT NULL, reverses TEXT,
          reversed INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
          provider_id TEXT, error TEXT, created_at INTEGER NOT NULL, settled_at INTEGER
        ) STRICT;
        CREATE INDEX transfers_line ON transfers (order_id, course_id);
        CREATE INDEX transfers_creator ON transfers (creator_id, created_at);
      `);
    },
  },
  {
    version: 23,
    name: 'memberships',
    up(db) {
      // SQLite changes a CHECK by rebuilding its table: entitlements gain the membership source and fields.
      db.exec(`
        CREATE TABLE entitlements_next (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL, course_id TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('purchase', 'grant', 'redeem', 'free', 'membership')), order_id TEXT,
          granted_at INTEGER NOT NULL, revoked_at INTEGER, signature TEXT NOT NULL, updated_at INTEGER NOT NULL,
          valid_until INTEGER, renews INTEGER, scope TEXT, plan_id TEXT
        ) STRICT;
        INSERT INTO entitlements_next (id, user_id, course_id, source, order_id, granted_at, revoked_at, signature, updated_at)
          SELECT id, user_id, course_id, source, order_id, granted_at, revoked_at, signature, updated_at FROM entitlements;
        DROP TABLE entitlements;
        ALTER TABLE entitlements_next RENAME TO entitlements;
        CREATE UNIQUE INDEX entitlements_learner_course ON entitlements (user_id, course_id);
        CREATE INDEX entitlements_course ON entitlements (course_id);
        CREATE TABLE plans (
          id TEXT PRIMARY KEY, owner_id TEXT, title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
          scope TEXT NOT NULL CHECK (scope IN ('creator', 'courses', 'all')),
          billing_interval TEXT NOT NULL CHECK (billing_interval IN ('month', 'year')),
          price_amount INTEGER NOT NULL CHECK (price_amount > 0), currency TEXT NOT NULL,
          trial_days INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX plans_owner ON plans (owner_id);
        CREATE TABLE plan_courses (
          plan_id TEXT NOT NULL REFERENCES plans(id), course_id TEXT NOT NULL, PRIMARY KEY (plan_id, course_id)
        ) STRICT;
        CREATE TABLE memberships (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL, plan_id TEXT NOT NULL REFERENCES plans(id),
          checkout_session TEXT UNIQUE, subscription_id TEXT UNIQUE, customer_id TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'trialing', 'active', 'past_due', 'canceled', 'expired')),
          cancel_at_period_end INTEGER NOT NULL DEFAULT 0, paid_through INTEGER NOT NULL DEFAULT 0, ended_at INTEGER,
          created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX memberships_user ON memberships (user_id, status);
        ALTER TABLE sales ADD COLUMN payment_intent TEXT;
      `);
    },
  },
  {
    version: 24,
    name: 'column releases',
    up(db) {
      db.exec(`
        CREATE TABLE lesson_releases (
          lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL, release_at INTEGER NOT NULL, released_at INTEGER
        ) STRICT;
        CREATE INDEX lesson_releases_due ON lesson_releases (release_at) WHERE released_at IS NULL;
      `);
    },
  },
  {
    version: 25,
    name: 'reviews know their course (devices ask for one course’s reviews)',
    up(db) {
      db.exec(`UPDATE documents SET parent_id = json_extract(data, '$.courseId') WHERE collection = 'reviews';`);
    },
  },
  {
    version: 26,
    name: 'held lessons (devices keep the lessons of the courses their learner holds)',
    up(db) {
      db.exec(`
        UPDATE documents SET parent_id = json_extract(data, '$.courseId') WHERE collection = 'progress';
        CREATE TABLE lesson_scope_versions (user_id TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT;
        CREATE TABLE lesson_scopes (
          user_id TEXT NOT NULL, course_id TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (user_id, course_id)
        ) STRICT;
      `);
    },
  },
  searchTablesMigration,
];

/** Brings the SQLite schema up to the newest of `list` (this server's migrations by default). */
export function migrate(
  db: Database,
  list: readonly Migration[] = migrations,
  now: () => Date = () => new Date(),
): number {
  return runMigrations(db, list, now);
}
