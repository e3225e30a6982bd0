/**
 * Interns strings to dense integer ids so hot loops compare integers and index typed
 * arrays. A table made `withDisplay` also keeps the first display form seen for each key
 * (names: "o'brien" for the key "obrien"); otherwise the key is its own display form.
 */
export class ValueTable {
  readonly values: string[] = [];
  private readonly displays: string[] | null;
  private readonly index = new Map<string, number>();

  constructor(withDisplay = false) {
    this.displays = withDisplay ? [] : null;
  }

  get size(): number {
    return this.values.length;
  }

  intern(key: string, display: string = key): number {
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    const id = this.values.length;
    this.values.push(key);
    this.displays?.push(display);
    this.index.set(key, id);
    return id;
  }

  idOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  value(id: number): string | null {
    return id < 0 ? null : (this.values[id] ?? null);
  }

  /** The display form of every id (the keys themselves for a table without displays). */
  get displayList(): readonly string[] {
    return this.displays ?? this.values;
  }

  /** Whether the table keeps display forms apart from its keys. */
  get hasDisplays(): boolean {
    return this.displays !== null;
  }

  displayOf(id: number): string | null {
    if (id < 0) return null;
    return (this.displays ?? this.values)[id] ?? null;
  }
}
