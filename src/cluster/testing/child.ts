// A `tokex` child process for the cluster test: keeps its JSON stdout lines and its stderr, waits for a line,
// and is killed for sure (the test's after hook kills every child ever started).

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const stderrCharsMax = 20_000;
const started: Child[] = [];

export type Line = Record<string, unknown>;

export class Child {
  readonly lines: Line[] = [];
  stderr = '';
  exited = false;
  private readonly process: ChildProcess;
  private readonly listeners = new Set<() => void>();

  constructor(readonly label: string, args: readonly string[]) {
    this.process = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const part of parts) {
        try { this.lines.push(JSON.parse(part) as Line); } catch { this.stderr += `[stdout] ${part}\n`; }
      }
      for (const listener of this.listeners) listener();
    });
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-stderrCharsMax);
      for (const listener of this.listeners) listener();
    });
    this.process.on('exit', () => { this.exited = true; for (const listener of this.listeners) listener(); });
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

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.exited) this.process.kill(signal);
  }
}

export function killAllChildren(): void {
  for (const child of started) child.kill('SIGKILL');
}
