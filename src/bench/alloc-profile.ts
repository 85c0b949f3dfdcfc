// Bytes allocated on the JavaScript heap while a piece of work runs, and by which functions: V8's sampling heap
// profiler over the inspector, counting objects that died young too (what the scavenger pays for). Allocation
// per order is the figure a shared, noisy machine moves least, and the one that says where GC time comes from.
// The sampler is statistical (one sample per samplingBytes allocated on average): figures are estimates.

import { Session } from 'node:inspector';

export interface Allocations {
  readonly bytes: number;
  /** Allocating functions by bytes allocated in their own frames, largest first. */
  readonly top: readonly { readonly where: string; readonly bytes: number }[];
}

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const samplingBytes = 16_384;

/**
 * survivorsOnly: count only what outlived a young collection (still alive, or freed later by a full one):
 * what the scavenger had to copy and promote, the part of allocation that makes GC pauses long.
 */
export async function sampleAllocations(work: () => void | Promise<void>, topCount = 10, survivorsOnly = false): Promise<Allocations> {
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params: object = {}): Promise<R> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as R))));
  try {
    await post('HeapProfiler.startSampling', { samplingInterval: samplingBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !survivorsOnly });
    await work();
    const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
    const byWhere = new Map<string, number>();
    let bytes = 0;
    // A built-in (Map.prototype.set, Array.prototype.push…) has no file: it is named with the nearest caller
    // that has one, so "set" says whose map grew.
    const walk = (node: ProfileNode, caller: string): void => {
      const f = node.callFrame;
      const name = f.functionName || '(anonymous)';
      const where = f.url === '' ? `${name} (in ${caller})` : `${name} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
      bytes += node.selfSize;
      if (node.selfSize > 0) byWhere.set(where, (byWhere.get(where) ?? 0) + node.selfSize);
      for (const child of node.children) walk(child, f.url === '' ? caller : name);
    };
    walk(profile.head, '(root)');
    const top = [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, topCount).map(([where, b]) => ({ where, bytes: b }));
    return { bytes, top };
  } finally {
    session.disconnect();
  }
}

/** "12,345 B/order: f file:line 3,000, g file:line 2,000, …" */
export function allocationsText(allocations: Allocations, orders: number, what = 'allocated'): string {
  const perOrder = (b: number) => Math.round(b / orders).toLocaleString('en-US');
  return `${perOrder(allocations.bytes)} B/order ${what}; largest: ` + allocations.top.map((t) => `${t.where} ${perOrder(t.bytes)}`).join(', ');
}
