// A `tokex` child process for the cluster test: keeps its JSON stdout lines and its stderr, waits for a line,
// and is killed for sure (the test's after hook kills every child ever started).

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const stderrCharsMax = 20_000;
/** Output lines kept with the time they arrived, for the failure report of a test. */
const transcriptLinesMax = 400;
const started: Child[] = [];
const loadedAtMs = Date.now();

export type Line = Record<string, unknown>;

export class Child {
  readonly lines: Line[] = [];
  stderr = '';
  /** Every stdout and stderr line (the last transcriptLinesMax), stamped with seconds since the harness loaded. */
  readonly transcript: string[] = [];
  exited = false;
  private readonly process: ChildProcess;
  private readonly listeners = new Set<() => void>();

  constructor(readonly label: string, args: readonly string[]) {
    this.process = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    let partialErr = '';
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const part of parts) {
        this.note(part);
        try { this.lines.push(JSON.parse(part) as Line); } catch { this.stderr += `[stdout] ${part}\n`; }
      }
      for (const listener of this.listeners) listener();
    });
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partialErr + chunk).split('\n');
      partialErr = parts.pop()!;
      for (const part of parts) this.note(`[stderr] ${part}`);
      this.stderr = (this.stderr + chunk).slice(-stderrCharsMax);
      for (const listener of this.listeners) listener();
    });
    this.process.on('exit', (code, signal) => { this.note(`[exit ${code ?? signal}]`); this.exited = true; for (const listener of this.listeners) listener(); });
    started.push(this);
  }

  /** Resolves with the first line (already seen or to come) that matches; rejects after timeoutMs or on exit. */
  waitFor(match: (line: Line) => boolean, timeoutMs: number, what: string): Promise<Line> {
    return this.waitUntil(() => this.lines.find(match), timeoutMs, what);
  }

  /** Resolves with the first match of pattern in stderr (human lines such as `tokex serving on URL`). */
  waitForStderr(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
    return this.waitUntil(() => this.stderr.match(pattern) ?? undefined, timeoutMs, what);
  }

  private waitUntil<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found !== undefined) finish(() => resolve(found));
        else if (this.exited) finish(() => reject(new Error(`${this.label} exited before ${what}:\n${this.stderr}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.label}: no ${what} in ${timeoutMs} ms; lines ${JSON.stringify(this.lines)}\n${this.stderr}`))), timeoutMs);
      const finish = (settle: () => void): void => { clearTimeout(timer); this.listeners.delete(check); settle(); };
      this.listeners.add(check);
      check();
    });
  }

  /** The last lines of output, stamped, for a failing test to print. */
  tail(linesMax = 60): string {
    return `--- ${this.label}${this.exited ? ' (exited)' : ''}, last ${Math.min(linesMax, this.transcript.length)} lines:\n${this.transcript.slice(-linesMax).join('\n')}`;
  }

  private note(line: string): void {
    this.transcript.push(`+${((Date.now() - loadedAtMs) / 1000).toFixed(1)} s ${line}`);
    if (this.transcript.length > transcriptLinesMax) this.transcript.splice(0, this.transcript.length - transcriptLinesMax);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.exited) this.process.kill(signal);
  }
}

/** The tails of every child started, for a test's failure output. */
export function childrenTails(linesMax = 60): string {
  return started.map((child) => child.tail(linesMax)).join('\n');
}

export function killAllChildren(): void {
  for (const child of started) child.kill('SIGKILL');
}
