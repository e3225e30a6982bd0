/**
 * Is this process behind? A timer due every `sampleMs` that fires late by more than
 * `lagMs` means the event loop had that much work queued ahead of it: webhooks that arrive now
 * wait behind it. One late tick is a pause (a garbage collection, a descheduled moment) the
 * loop has already caught up on; late ticks for a whole `windowMs` are a standing queue, and
 * only that counts as behind, as CoDel judges a network queue by its sojourn time over an
 * interval rather than by its length at one instant.
 */
export interface LagConfig {
  /** a tick later than this is late; 0 turns the monitor off */
  lagMs: number;
  /** ticks late for this long: behind */
  windowMs: number;
  sampleMs: number;
}

export class LoopLag {
  private lateSince: number | null = null;
  private lastLagMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly config: LagConfig,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** One observation: a tick due at `dueAt` ran at `at` (exposed for tests). */
  observe(dueAt: number, at: number): void {
    this.lastLagMs = Math.max(0, at - dueAt);
    if (this.lastLagMs <= this.config.lagMs) this.lateSince = null;
    else this.lateSince ??= dueAt;
  }

  /** Late ticks for a whole window, the latest one included. */
  get behind(): boolean {
    return this.config.lagMs > 0 && this.lateSince !== null && this.now() - this.lateSince >= this.config.windowMs;
  }

  get lagMs(): number {
    return this.lastLagMs;
  }

  start(): this {
    if (this.config.lagMs <= 0 || this.timer) return this;
    const tick = (dueAt: number) => {
      this.timer = setTimeout(() => {
        const at = this.now();
        this.observe(dueAt, at);
        tick(at + this.config.sampleMs);
      }, this.config.sampleMs);
      this.timer.unref();
    };
    tick(this.now() + this.config.sampleMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
