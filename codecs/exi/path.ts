/**
 * The element path of the codec's position, kept as a cheap stack (no string building on the hot path) and rendered
 * only when an error is raised.
 */
export class ElementPath {
  private readonly names: string[] = [];
  private readonly indices: number[] = [];
  private depth = 0;

  enter(name: string, index = -1): void {
    this.names[this.depth] = name;
    this.indices[this.depth] = index;
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  reset(): void {
    this.depth = 0;
  }

  toString(): string {
    let out = '';
    for (let i = 0; i < this.depth; i++) {
      out += '/' + this.names[i];
      if (this.indices[i] >= 0) out += `[${this.indices[i]}]`;
    }
    return out;
  }
}
