// The indices tokex publishes: name, what they measure, currency, calendar and fixing time. The futures
// (src/products catalogue) name their underlying by these names.

import type { CalendarId } from '../products/calendar.js';
import type { Tier } from './constituents.js';
import type { GpuModel } from './gpu-index.js';
import type { Currency } from './observation.js';

interface IndexBase {
  readonly name: string;
  readonly currency: Currency;
  readonly calendar: CalendarId;
  /** Local fixing time and its zone, as published (the calculation itself uses the UTC day's prices). */
  readonly fixingTime: string;
  readonly unit: string;
  readonly description: string;
}
export interface TokenIndexDefinition extends IndexBase {
  readonly kind: 'token';
  readonly tier: Tier;
}
export interface GpuIndexDefinition extends IndexBase {
  readonly kind: 'gpu';
  readonly gpu: GpuModel;
}
export type IndexDefinition = TokenIndexDefinition | GpuIndexDefinition;

const tokenUsd = { kind: 'token', currency: 'USD', calendar: 'US', fixingTime: '16:00 America/New_York', unit: 'USD per million blended tokens' } as const;
const gpuUsd = { kind: 'gpu', currency: 'USD', calendar: 'US', fixingTime: '16:00 America/New_York', unit: 'USD per GPU-hour' } as const;

export const indexDefinitions: readonly IndexDefinition[] = [
  { ...tokenUsd, name: 'TTI-FRONTIER-USD', tier: 'FRONTIER', description: 'Token price index, frontier tier' },
  { ...tokenUsd, name: 'TTI-EFFICIENT-USD', tier: 'EFFICIENT', description: 'Token price index, efficient tier' },
  { kind: 'token', name: 'TTI-CHINA-CNY', tier: 'CHINA', currency: 'CNY', calendar: 'CN', fixingTime: '15:00 Asia/Shanghai',
    unit: 'CNY per million blended tokens', description: 'Token price index, models of Chinese labs, in CNY' },
  { ...gpuUsd, name: 'TGH-H100-USD', gpu: 'H100', description: 'GPU-hour rental index, NVIDIA H100' },
  { ...gpuUsd, name: 'TGH-H200-USD', gpu: 'H200', description: 'GPU-hour rental index, NVIDIA H200 (to follow H100)' },
  { ...gpuUsd, name: 'TGH-B200-USD', gpu: 'B200', description: 'GPU-hour rental index, NVIDIA B200 (to follow H100)' },
  { ...gpuUsd, name: 'TGH-A100-USD', gpu: 'A100', description: 'GPU-hour rental index, NVIDIA A100 (to follow H100)' },
];

export function indexByName(name: string): IndexDefinition | undefined {
  return indexDefinitions.find((d) => d.name === name);
}
