// FIX UTCTimestamp ("YYYYMMDD-HH:MM:SS[.sss[sss]]") <-> microseconds since the epoch. Pure arithmetic on the
// digits (Date.UTC is a calendar function, not a clock), so it is exact to the microsecond and deterministic.

import type { TsMicros } from '../../core/units.js';

const pattern = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}|\d{6}))?$/;

export function parseUtcTimestamp(text: string): TsMicros | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 60) return undefined;
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  // Date.UTC rolls 31 February into March: such a date is not a date.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const fraction = m[7] ?? '';
  const micros = fraction.length === 0 ? 0 : fraction.length === 3 ? Number(fraction) * 1000 : Number(fraction);
  return (ms * 1000 + micros) as TsMicros;
}

/** Millisecond precision, the FIX 4.4 convention QuickFIX expects by default. */
export function formatUtcTimestamp(tsMicros: TsMicros): string {
  const ms = Math.floor(tsMicros / 1000);
  const d = new Date(ms);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return (
    String(d.getUTCFullYear()).padStart(4, '0') + p2(d.getUTCMonth() + 1) + p2(d.getUTCDate()) + '-' +
    p2(d.getUTCHours()) + ':' + p2(d.getUTCMinutes()) + ':' + p2(d.getUTCSeconds()) + '.' +
    String(ms % 1000).padStart(3, '0')
  );
}
