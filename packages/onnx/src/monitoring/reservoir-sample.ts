/**
 * A uniform sample of at most `capacity` items from a stream of unknown length (Vitter's
 * Algorithm R): the n-th item offered takes a random slot with probability capacity / n.
 * `slotFor` decides before the caller builds the item, so rows that are not kept cost one
 * random number. (The `reservoir` package on npm has not been maintained for years and
 * builds every item first; these few lines are the whole algorithm.)
 */
export class ReservoirSample<Item> {
  readonly items: Item[] = [];
  #offered = 0;

  constructor(
    readonly capacity: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Items offered so far. */
  get offered(): number {
    return this.#offered;
  }

  /** Counts one offered item; returns the slot to store it in, or -1 to drop it. */
  slotFor(): number {
    const offered = this.#offered++;
    if (offered < this.capacity) return offered;
    const slot = Math.floor(this.random() * (offered + 1));
    return slot < this.capacity ? slot : -1;
  }

  /** Stores an item in the slot `slotFor` gave. */
  put(slot: number, item: Item): void {
    this.items[slot] = item;
  }
}
