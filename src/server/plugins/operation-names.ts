/** A GraphQL name as the spec allows it, within a length a label can carry. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Operation names as metric labels. Callers choose them, so their number is bounded:
 * the first `max` distinct names are kept, later ones count as `other`; unnamed
 * operations are `anonymous`, names that are not GraphQL names `invalid`.
 */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}
