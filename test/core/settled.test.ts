/** allSettledOrThrow: side by side, answering only once every promise has settled (src/core/settled.ts). */
import { allSettledOrThrow } from '../../src/core/settled';

const later = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('allSettledOrThrow', () => {
  it('returns the values in the order given', async () => {
    await expect(allSettledOrThrow([later(20, 'a'), later(5, 2), Promise.resolve(true)])).resolves.toEqual(['a', 2, true]);
  });

  it('refuses only once the slower ones have ended, with the first failure in the order given', async () => {
    const ended: string[] = [];
    const track = <T>(name: string, p: Promise<T>) =>
      p.finally(() => {
        ended.push(name);
      });
    const all = allSettledOrThrow([
      track('slow', later(60, 'slow')),
      track('fails late', later(30, 'late', true)),
      track('fails', later(1, 'early', true)),
    ]);
    await expect(all).rejects.toThrow('late');
    expect(ended.sort()).toEqual(['fails', 'fails late', 'slow']);
  });
});
