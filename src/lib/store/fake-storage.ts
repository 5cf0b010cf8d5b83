/** An in-memory Storage for tests that can be told to be blocked or to hold only so many characters. */
export class FakeStorage implements Storage {
  private readonly items = new Map<string, string>();
  /** Throw SecurityError on every call, as with blocked cookies. */
  blocked = false;
  constructor(private readonly capacity = Infinity) {}

  get length(): number {
    this.guard();
    return this.items.size;
  }
  clear(): void {
    this.guard();
    this.items.clear();
  }
  getItem(key: string): string | null {
    this.guard();
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    this.guard();
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.guard();
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.guard();
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.capacity) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  private guard(): void {
    if (this.blocked) throw new DOMException('The operation is insecure.', 'SecurityError');
  }
}
