// Names on the wire: streams, subjects, headers, and the product group an engine serves.
//
//   TOKEX_CMDS   tokex.cmd.<group>                     the sequenced command log (replicas 3, file storage)
//   TOKEX_OUTS   tokex.out.<gatewayId>.<group>.<requestId>  outcomes, published by the group's primary
//   KV_tokex_leases  $KV.tokex_leases.<group>          the leadership lease (JetStream KV bucket layout)
//   tokex.status.<group>.<nodeId>                      request/reply: an engine's role, sequence and state hash

import { assert } from '../core/assert.js';
import type { Catalogue } from '../products/catalogue.js';
import { groupProductsMax } from './limits.js';

export const commandStream = 'TOKEX_CMDS';
export const outcomeStream = 'TOKEX_OUTS';
export const leaseBucket = 'tokex_leases';
export const leaseStream = `KV_${leaseBucket}`;

export const header = {
  msgId: 'Nats-Msg-Id',
  gatewayId: 'Tokex-Gateway',
  requestId: 'Tokex-Request',
  tsMicros: 'Tokex-Ts-Micros',
  logSeq: 'Tokex-Log-Seq',
  group: 'Tokex-Group',
} as const;

const tokenPattern = /^[A-Za-z0-9_-]+$/;

/** True when text can be one subject token (no dots, wildcards or spaces). */
export function isToken(text: string, bytesMax: number): boolean {
  return text.length > 0 && text.length <= bytesMax && tokenPattern.test(text);
}

export const commandSubject = (group: string): string => `tokex.cmd.${group}`;
export const outcomeSubject = (gatewayId: string, group: string, requestId: string): string => `tokex.out.${gatewayId}.${group}.${requestId}`;
export const gatewayOutcomes = (gatewayId: string): string => `tokex.out.${gatewayId}.*.*`;
export const groupOutcomes = (group: string): string => `tokex.out.*.${group}.*`;
export const leaseSubject = (group: string): string => `$KV.${leaseBucket}.${group}`;
export const statusSubject = (group: string, nodeId: string): string => `tokex.status.${group}.${nodeId}`;
export const msgIdOf = (gatewayId: string, requestId: string): string => `${gatewayId}:${requestId}`;
export const outcomeMsgIdOf = (group: string, logSeq: number): string => `out:${group}:${logSeq}`;

/** A product group: the products one engine process (and its standby) trades, and the subject token naming it. */
export interface ProductGroup {
  /** The product codes in catalogue order joined by '_', e.g. TKF_TKC: the same set always has the same name. */
  readonly name: string;
  readonly productCodes: readonly string[];
}

export type GroupParse = { readonly ok: true; readonly group: ProductGroup } | { readonly ok: false; readonly message: string };

/** Parses `TKF,TKC` (or '' for every product in the catalogue). */
export function parseGroup(catalogue: Catalogue, text: string): GroupParse {
  const codes = text.trim() === '' ? catalogue.products.map((p) => p.code) : text.split(',').map((c) => c.trim());
  if (codes.length > groupProductsMax) return { ok: false, message: `a group has at most ${groupProductsMax} products, got ${codes.length}` };
  for (const code of codes) {
    if (!catalogue.byCode.has(code)) return { ok: false, message: `group: ${JSON.stringify(code)} is not a product code in the catalogue (${[...catalogue.byCode.keys()].join(', ')})` };
  }
  if (new Set(codes).size !== codes.length) return { ok: false, message: `group: a product code appears twice in ${JSON.stringify(text)}` };
  const ordered = catalogue.products.map((p) => p.code).filter((code) => codes.includes(code));
  return { ok: true, group: { name: ordered.join('_'), productCodes: ordered } };
}

/** The catalogue an engine of this group runs: only the group's products, so it lists and trades only those. */
export function groupCatalogue(catalogue: Catalogue, group: ProductGroup): Catalogue {
  const products = catalogue.products.filter((p) => group.productCodes.includes(p.code));
  assert(products.length === group.productCodes.length, `group ${group.name} names products missing from the catalogue`);
  return Object.freeze({ catalogueVersion: catalogue.catalogueVersion, products: Object.freeze(products), byCode: new Map(products.map((p) => [p.code, p])) });
}
