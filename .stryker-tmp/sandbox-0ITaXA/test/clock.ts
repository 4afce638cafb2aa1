/**
 * Moves Date (only Date) to `at` and lets it run on from there; timers, microtasks and I/O keep
 * running in real time, so a sandbox under test behaves as usual on another day. Only ever forward:
 * the sandbox's stores keep the times things were written. `jest.useRealTimers()` undoes it.
 */
// @ts-nocheck

export function clockTo(at: number): void {
  if (at < Date.now()) throw new Error('the clock only moves forward');
  jest.useFakeTimers({
    now: at,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
