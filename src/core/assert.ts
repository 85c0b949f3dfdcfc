// A broken invariant is not a business outcome: the process stops, and recovery is replay (STYLE.md, habit 3).
// Business rejections are values with reason codes; they never come through here.

export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new InvariantError(`${what} must be a safe integer, got ${value}`);
}

export function assertNever(value: never, what: string): never {
  throw new InvariantError(`unexpected ${what}: ${String(value)}`);
}
