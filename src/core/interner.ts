// Strings kept in typed-array columns as small dense ids: symbols in the order store and the fill rings,
// reference parts in the ledger. Few distinct texts (series, kinds of reference) recur on every row, so a
// row holds an int and the text lives once here. Bounded: a text beyond textsMax is an invariant broken.

import { assert } from './assert.js';

export class Interner {
  private readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  /** what names the texts in the message when textsMax is exceeded ("symbols in the order store"). */
  constructor(private readonly textsMax: number, private readonly what: string) {
    assert(Number.isInteger(textsMax) && textsMax >= 1, `bad bound ${textsMax} for ${what}`);
  }

  /** The text's id, given the next one when it has none. */
  id(text: string): number {
    const existing = this.ids.get(text);
    if (existing !== undefined) return existing;
    if (!(this.texts.length < this.textsMax)) assert(false, `more than ${this.textsMax} ${this.what}`);
    const id = this.texts.length;
    this.texts.push(text);
    this.ids.set(text, id);
    return id;
  }

  /** The text's id, or -1 when it has none (a lookup that must not add). */
  find(text: string): number {
    return this.ids.get(text) ?? -1;
  }

  text(id: number): string {
    return this.texts[id]!;
  }
}
