/**
 * Splits whole message counts across symbols evenly and deterministically: the remainder goes round-robin from a
 * rotating start, so over many ticks every symbol gets the same share.
 */
export class EvenSplit {
  private next = 0;
  constructor(private readonly size: number) {
    if (size <= 0) throw new RangeError('cannot split messages across zero symbols');
  }

  split(count: number): number[] {
    const base = Math.floor(count / this.size);
    let remainder = count - base * this.size;
    const shares = new Array<number>(this.size).fill(base);
    while (remainder > 0) {
      shares[this.next] += 1;
      this.next = (this.next + 1) % this.size;
      remainder -= 1;
    }
    return shares;
  }
}

/** Turns a fractional rate x time into whole messages, carrying the fraction to the next step. */
export class WholeCounter {
  private carry = 0;
  take(amount: number): number {
    this.carry += amount;
    const whole = Math.floor(this.carry);
    this.carry -= whole;
    return whole;
  }
}
