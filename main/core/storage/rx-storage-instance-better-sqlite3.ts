import { Subject, type Observable } from 'rxjs';
import {
  categorizeBulkWriteRows,
  getPrimaryFieldOfPrimaryKey,
  getQueryMatcher,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  now,
  type BulkWriteRow,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageBulkWriteResponse,
  type RxStorageCountResult,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
  type RxStorageQueryResult,
  type StringKeys,
} from 'rxdb';
import { dropCollectionTables } from './collection-tables.js';
import { toIndexKey } from './index-keys.js';
import { indexRangeFor } from './range-bounds.js';
import { deleteSqliteFileIfUnused, releaseSqliteFile } from './sqlite-file.js';
import type {
  BetterSqlite3InstanceOptions,
  BetterSqlite3Internals,
  ChangeBulk,
  IndexKeyFunctions,
  SharedCollectionState,
} from './types.js';
import { readAttachmentBlobs, writeAttachmentChanges } from './attachments.js';

type Checkpoint = RxStorageDefaultCheckpoint;

/** Rows deleted per cleanup call, so a large purge never blocks the app for long. */
const CLEANUP_BATCH = 500;

export class RxStorageInstanceBetterSqlite3<RxDocType> implements RxStorageInstance<
  RxDocType,
  BetterSqlite3Internals,
  BetterSqlite3InstanceOptions,
  Checkpoint
> {
  readonly primaryPath: StringKeys<RxDocumentData<RxDocType>>;
  private closed: Promise<void> | undefined;
  private readonly changesIndexColumn: string;

  constructor(
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>,
    readonly internals: BetterSqlite3Internals,
    readonly options: Readonly<BetterSqlite3InstanceOptions>,
    private readonly shared: SharedCollectionState<RxDocType>,
    private readonly indexKeyFunctions: IndexKeyFunctions<RxDocType>,
  ) {
    this.primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
    this.changesIndexColumn = internals.tables.indexColumn(['_meta.lwt', this.primaryPath]);
  }

  private get db() {
    return this.internals.file.db;
  }

  private statement(sql: string) {
    return this.internals.file.prepare(sql);
  }

  private ensureOpen(): void {
    if (this.closed)
      throw new Error(`RxStorageInstanceBetterSqlite3 is closed: ${this.databaseName}/${this.collectionName}`);
  }

  private readDocs(ids: readonly string[]): Map<string, RxDocumentData<RxDocType>> {
    const found = new Map<string, RxDocumentData<RxDocType>>();
    if (ids.length === 0) return found;
    const rows = this.statement(
      `SELECT id, data FROM ${this.internals.tables.docs} WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as { id: string; data: string }[];
    for (const row of rows) found.set(row.id, JSON.parse(row.data) as RxDocumentData<RxDocType>);
    return found;
  }

  private rowValues(doc: RxDocumentData<RxDocType>): unknown[] {
    const keys = this.indexKeyFunctions.map((keyOf) => toIndexKey(keyOf(doc)));
    return [JSON.stringify(doc), doc._deleted ? 1 : 0, doc._meta.lwt, ...keys];
  }

  /** One SQLite transaction per call; change events go out only after it commits. */
  async bulkWrite(rows: BulkWriteRow<RxDocType>[], context: string): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    this.ensureOpen();
    const { tables } = this.internals;
    const blobs = this.schema.attachments ? await readAttachmentBlobs(rows) : new Map<Blob, Buffer>();
    this.ensureOpen();
    const indexColumns = tables.indexes.map((_, n) => `i${n}`);
    const insert = this.statement(
      `INSERT INTO ${tables.docs} (id, data, deleted, lwt${indexColumns.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?, ?${indexColumns.map(() => ', ?').join('')})`,
    );
    const update = this.statement(
      `UPDATE ${tables.docs} SET data = ?, deleted = ?, lwt = ?${indexColumns.map((c) => `, ${c} = ?`).join('')} WHERE id = ?`,
    );

    const categorized = this.db
      .transaction(() => {
        const ids = rows.map((row) => row.document[this.primaryPath] as string);
        const result = categorizeBulkWriteRows<RxDocType>(
          this,
          this.primaryPath as never,
          this.readDocs(ids),
          rows,
          context,
        );
        for (const row of result.bulkInsertDocs)
          insert.run(row.document[this.primaryPath], ...this.rowValues(row.document));
        for (const row of result.bulkUpdateDocs)
          update.run(...this.rowValues(row.document), row.document[this.primaryPath]);
        if (this.schema.attachments) writeAttachmentChanges(this.internals.file, tables.attachments, result, blobs);
        return result;
      })
      .immediate();

    if (categorized.eventBulk.events.length > 0 && categorized.newestRow) {
      const newest = categorized.newestRow.document;
      categorized.eventBulk.checkpoint = { id: newest[this.primaryPath] as string, lwt: newest._meta.lwt };
      this.shared.changes$.next(categorized.eventBulk as ChangeBulk<RxDocType>);
    }
    return { error: categorized.errors };
  }

  async findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<RxDocType>[]> {
    this.ensureOpen();
    const found = this.readDocs(ids);
    const result: RxDocumentData<RxDocType>[] = [];
    for (const id of ids) {
      const doc = found.get(id);
      if (doc && (withDeleted || !doc._deleted)) result.push(doc);
    }
    return result;
  }

  async query(prepared: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    this.ensureOpen();
    const { query, queryPlan } = prepared;
    const skip = query.skip ?? 0;
    const limit = typeof query.limit === 'number' ? query.limit : Infinity;
    if (limit <= 0) return { documents: [] };
    const range = indexRangeFor(
      this.schema as RxJsonSchema<RxDocumentData<RxDocType>>,
      this.internals.tables,
      queryPlan,
    );
    const sortedByIndex = queryPlan.sortSatisfiedByIndex;
    const base = `SELECT data FROM ${this.internals.tables.docs} WHERE ${range.where} ORDER BY ${range.column}`;

    // The index alone answers the query: let SQLite apply skip and limit.
    if (queryPlan.selectorSatisfiedByIndex && sortedByIndex) {
      const sql = Number.isFinite(limit) ? `${base} LIMIT ? OFFSET ?` : skip > 0 ? `${base} LIMIT -1 OFFSET ?` : base;
      const params = Number.isFinite(limit)
        ? [...range.params, limit, skip]
        : skip > 0
          ? [...range.params, skip]
          : range.params;
      const rows = this.statement(sql)
        .pluck()
        .all(...params) as string[];
      return { documents: rows.map((data) => JSON.parse(data) as RxDocumentData<RxDocType>) };
    }

    const matches = queryPlan.selectorSatisfiedByIndex
      ? undefined
      : getQueryMatcher(this.schema as never, query as never);
    let documents: RxDocumentData<RxDocType>[] = [];
    const wanted = skip + limit;
    for (const data of this.statement(base)
      .pluck()
      .iterate(...range.params) as IterableIterator<string>) {
      const doc = JSON.parse(data) as RxDocumentData<RxDocType>;
      if (matches && !matches(doc)) continue;
      documents.push(doc);
      // In index order, the first skip+limit matches are the answer.
      if (sortedByIndex && documents.length >= wanted) break;
    }
    if (!sortedByIndex) documents = documents.sort(getSortComparator(this.schema as never, query as never));
    return { documents: documents.slice(skip, wanted) };
  }

  async count(prepared: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    const { queryPlan } = prepared;
    const range = indexRangeFor(
      this.schema as RxJsonSchema<RxDocumentData<RxDocType>>,
      this.internals.tables,
      queryPlan,
    );
    if (queryPlan.selectorSatisfiedByIndex) {
      const count = this.statement(`SELECT COUNT(*) FROM ${this.internals.tables.docs} WHERE ${range.where}`)
        .pluck()
        .get(...range.params) as number;
      return { count, mode: 'fast' };
    }
    const matches = getQueryMatcher(this.schema as never, prepared.query as never);
    let count = 0;
    for (const data of this.statement(`SELECT data FROM ${this.internals.tables.docs} WHERE ${range.where}`)
      .pluck()
      .iterate(...range.params) as IterableIterator<string>) {
      if (matches(JSON.parse(data) as never)) count++;
    }
    return { count, mode: 'fast' };
  }

  async getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    this.ensureOpen();
    const row = this.statement(
      `SELECT digest, length, data FROM ${this.internals.tables.attachments} WHERE doc_id = ? AND attachment_id = ?`,
    ).get(documentId, attachmentId) as { digest: string; length: number; data: Buffer } | undefined;
    if (!row || !digest || row.digest !== digest)
      throw new Error(`attachment does not exist: ${documentId}||${attachmentId}`);
    if (row.data.length !== row.length)
      throw new Error(
        `attachment ${documentId}||${attachmentId} is damaged: ${row.data.length} of ${row.length} bytes`,
      );
    return new Blob([new Uint8Array(row.data)]);
  }

  /** Changes in (lwt, id) order, in JavaScript's string order for ids, resuming after a checkpoint. */
  async getChangedDocumentsSince(
    limit: number,
    checkpoint?: Checkpoint,
  ): Promise<{ documents: RxDocumentData<RxDocType>[]; checkpoint: Checkpoint }> {
    this.ensureOpen();
    const column = this.changesIndexColumn;
    let rows: string[];
    if (checkpoint) {
      const after = getStartIndexStringFromLowerBound(
        this.schema,
        ['_meta.lwt', this.primaryPath],
        [checkpoint.lwt, checkpoint.id],
      );
      rows = this.statement(
        `SELECT data FROM ${this.internals.tables.docs} WHERE ${column} > ? ORDER BY ${column} LIMIT ?`,
      )
        .pluck()
        .all(toIndexKey(after), limit) as string[];
    } else {
      rows = this.statement(`SELECT data FROM ${this.internals.tables.docs} ORDER BY ${column} LIMIT ?`)
        .pluck()
        .all(limit) as string[];
    }
    const documents = rows.map((data) => JSON.parse(data) as RxDocumentData<RxDocType>);
    const last = documents.at(-1);
    return {
      documents,
      checkpoint: last
        ? { id: last[this.primaryPath] as string, lwt: last._meta.lwt }
        : (checkpoint ?? { id: '', lwt: 0 }),
    };
  }

  changeStream(): Observable<ChangeBulk<RxDocType>> {
    this.ensureOpen();
    return this.shared.changes$.asObservable();
  }

  /** Purges tombstones older than `minimumDeletedTime`, in batches; true when none are left. */
  async cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureOpen();
    const { docs, attachments } = this.internals.tables;
    const olderThan = now() - minimumDeletedTime;
    return this.db
      .transaction(() => {
        const ids = this.statement(`SELECT id FROM ${docs} WHERE deleted = 1 AND lwt <= ? ORDER BY lwt LIMIT ?`)
          .pluck()
          .all(olderThan, CLEANUP_BATCH + 1) as string[];
        const batch = JSON.stringify(ids.slice(0, CLEANUP_BATCH));
        this.statement(`DELETE FROM ${attachments} WHERE doc_id IN (SELECT value FROM json_each(?))`).run(batch);
        this.statement(`DELETE FROM ${docs} WHERE id IN (SELECT value FROM json_each(?))`).run(batch);
        return ids.length <= CLEANUP_BATCH;
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.closed) return this.closed;
    this.closed = Promise.resolve().then(() => {
      const shared = this.shared;
      shared.users--;
      if (shared.users === 0) shared.changes$.complete();
      releaseSqliteFile(this.internals.file);
    });
    return this.closed;
  }

  async remove(): Promise<void> {
    this.ensureOpen();
    const collectionsLeft = dropCollectionTables(this.internals.file, this.collectionName, this.schema.version);
    await this.close();
    // The file goes only with its last collection, and only once nothing has it open.
    if (collectionsLeft === 0) deleteSqliteFileIfUnused(this.internals.file);
  }
}

export function newChangeSubject<RxDocType>(): Subject<ChangeBulk<RxDocType>> {
  return new Subject<ChangeBulk<RxDocType>>();
}
