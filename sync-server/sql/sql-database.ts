/**
 * The sync server's one way to talk to its database, the same for SQLite and PostgreSQL.
 * SQL is written once with `?` placeholders (rewritten to `$n` for PostgreSQL) in the
 * subset both understand (`RETURNING`, `ON CONFLICT`, `COALESCE`…).
 */
export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlClient {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Row lock for a read that decides a write (PostgreSQL); SQLite's write transactions already hold the file. */
export const forUpdate = (client: SqlClient): string => (client.dialect === 'postgres' ? ' FOR UPDATE' : '');
