// Failures of durable storage that a person must look at. They are thrown (start-up must stop), and each
// names the file and byte offset so that an operator can inspect the bytes with any hex viewer.

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`journal corrupt in ${file} at byte offset ${offset}: ${reason}`);
  }
}

/** The writer's batch queue is full: nothing was written, the caller should slow down and retry. */
export class JournalBackpressureError extends Error {
  override name = 'JournalBackpressureError';
}

/** A write or fsync failed earlier: the writer refuses everything after it (no retry of a failed fsync). */
export class JournalFailedError extends Error {
  override name = 'JournalFailedError';
}
