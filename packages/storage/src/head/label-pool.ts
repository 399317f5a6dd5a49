// One shared Label object per distinct name=value pair for the head's series. Pairs repeat across
// series (job="node" in all of them, __name__ in hundreds), so a series' labels cost one small
// array of pointers instead of an array plus a Label object and two strings per pair: with 4 labels
// this took a series from ~435 to ~40 bytes of labels (head/testing/memory-per-series.ts).

import type { Label, Labels } from '../types.js';

export class LabelPool {
  private readonly byName = new Map<string, Map<string, Label>>();

  /** An equal Labels array whose Label objects are the pool's. */
  intern(labels: Labels): Labels {
    const out = new Array<Label>(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const { name, value } = labels[i] as Label;
      let values = this.byName.get(name);
      if (values === undefined) {
        values = new Map();
        this.byName.set(name, values);
      }
      let pair = values.get(value);
      if (pair === undefined) {
        pair = Object.freeze({ name, value });
        values.set(value, pair);
      }
      out[i] = pair;
    }
    return out;
  }

  /** Forgets a pair no series uses any more. */
  release(name: string, value: string): void {
    const values = this.byName.get(name);
    if (values === undefined) return;
    values.delete(value);
    if (values.size === 0) this.byName.delete(name);
  }
}
