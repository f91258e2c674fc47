import type { BulkWriteRow, CategorizeBulkWriteRowsOutput } from 'rxdb';
import type { SqliteFile } from './sqlite-file.js';

/**
 * Attachment data arrives as Blobs, which can only be read asynchronously; SQLite
 * transactions here are synchronous. So every Blob of a write is read into memory first,
 * and the transaction then writes them with the documents, all or nothing.
 */
export async function readAttachmentBlobs<RxDocType>(rows: BulkWriteRow<RxDocType>[]): Promise<Map<Blob, Buffer>> {
  const blobs = new Map<Blob, Buffer>();
  const reads: Promise<void>[] = [];
  for (const row of rows) {
    for (const attachment of Object.values(row.document._attachments ?? {})) {
      const data = (attachment as { data?: unknown }).data;
      if (data instanceof Blob && !blobs.has(data)) {
        blobs.set(data, Buffer.alloc(0));
        reads.push(data.arrayBuffer().then((buffer) => void blobs.set(data, Buffer.from(buffer))));
      }
    }
  }
  await Promise.all(reads);
  return blobs;
}

export function writeAttachmentChanges<RxDocType>(
  file: SqliteFile,
  table: string,
  categorized: CategorizeBulkWriteRowsOutput<RxDocType>,
  blobs: Map<Blob, Buffer>,
): void {
  const upsert = file.prepare(
    `INSERT OR REPLACE INTO ${table} (doc_id, attachment_id, digest, length, data) VALUES (?, ?, ?, ?, ?)`,
  );
  const remove = file.prepare(`DELETE FROM ${table} WHERE doc_id = ? AND attachment_id = ?`);
  for (const change of [...categorized.attachmentsAdd, ...categorized.attachmentsUpdate]) {
    const bytes = blobs.get(change.attachmentData.data);
    if (!bytes) throw new Error(`attachment ${change.documentId}||${change.attachmentId} has no data`);
    if (bytes.length !== change.attachmentData.length) {
      throw new Error(
        `attachment ${change.documentId}||${change.attachmentId} is ${bytes.length} bytes but claims ${change.attachmentData.length}`,
      );
    }
    upsert.run(change.documentId, change.attachmentId, change.digest, bytes.length, bytes);
  }
  for (const change of categorized.attachmentsRemove) remove.run(change.documentId, change.attachmentId);
}
