import type { Fault, FaultControl, FaultState, RateLimit } from './types';

/** Runtime fault configuration (a test knob, deliberately not persisted). */
export class Faults implements FaultControl {
  private latencyMs = 0;
  private rateLimit: RateLimit | null = null;
  private faults: Fault[] = [];
  private windowStart = 0;
  private windowCount = 0;

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number of milliseconds');
    this.latencyMs = ms;
  }

  setRateLimit(limit: RateLimit | null): void {
    if (limit && (limit.maxRequests < 0 || limit.windowMs <= 0 || limit.retryAfterSeconds < 0)) {
      throw new Error('rate limit needs maxRequests >= 0, windowMs > 0, retryAfterSeconds >= 0');
    }
    this.rateLimit = limit ? { ...limit } : null;
    this.windowStart = 0;
    this.windowCount = 0;
  }

  injectFaults(faults: Fault[]): void {
    for (const f of faults) {
      if (!Number.isInteger(f.times) || f.times < 1) throw new Error('a fault needs times >= 1');
      if (f.skip !== undefined && (!Number.isInteger(f.skip) || f.skip < 0)) throw new Error("a fault's skip must be a whole number >= 0");
      this.faults.push({ ...f });
    }
  }

  clear(): void {
    this.latencyMs = 0;
    this.rateLimit = null;
    this.faults = [];
    this.windowStart = 0;
    this.windowCount = 0;
  }

  state(): FaultState {
    return {
      latencyMs: this.latencyMs,
      rateLimit: this.rateLimit ? { ...this.rateLimit } : null,
      faults: this.faults.map((f) => ({ ...f })),
    };
  }

  get latency(): number {
    return this.latencyMs;
  }

  /** Takes one use of the first fault matching this request, if any. */
  takeFault(method: string, path: string): Fault | undefined {
    const idx = this.faults.findIndex(
      (f) =>
        (!f.match?.method || f.match.method.toUpperCase() === method.toUpperCase()) &&
        (!f.match?.pathPrefix || path.startsWith(f.match.pathPrefix)),
    );
    if (idx < 0) return undefined;
    const f = this.faults[idx] as Fault;
    if (f.skip && f.skip > 0) {
      // This many matching requests pass untouched before the fault applies.
      this.faults[idx] = { ...f, skip: f.skip - 1 };
      return undefined;
    }
    const left = f.times - 1;
    if (left <= 0) this.faults.splice(idx, 1);
    else this.faults[idx] = { ...f, times: left };
    return f;
  }

  /** Counts a request; returns Retry-After seconds when over the limit. */
  checkRateLimit(now: number): number | undefined {
    const rl = this.rateLimit;
    if (!rl) return undefined;
    if (now - this.windowStart >= rl.windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount >= rl.maxRequests) return rl.retryAfterSeconds;
    this.windowCount++;
    return undefined;
  }
}
