// Creating segment files so that a crash never leaves a half-made one: the header goes to a temporary file
// that is fsynced, renamed into place, and the directory fsynced. A journal-*.tkj file therefore always starts
// with a whole header, and a damaged header is corruption, never a torn write.

import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeSegmentHeader, segmentFileName } from './format.js';

/** Creates dir (and fsyncs its parent when it was new). */
export function ensureDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true });
  if (created !== undefined) fsyncDir(dirname(dir));
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates segment segmentNo in dir and returns its path; the file holds exactly its header. */
export function createSegment(dir: string, segmentNo: number): string {
  const file = join(dir, segmentFileName(segmentNo));
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    const header = encodeSegmentHeader(segmentNo);
    writeSync(fd, header, 0, header.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  fsyncDir(dir);
  return file;
}

/** Leftovers of a segment creation that crashed before its rename: never part of the journal. */
export function removeTemporarySegments(dir: string): string[] {
  const removed = readdirSync(dir).filter((name) => /^journal-\d{6}\.tkj\.tmp$/.test(name));
  for (const name of removed) rmSync(join(dir, name));
  return removed;
}
