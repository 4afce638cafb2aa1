/** Days typed in the panel (static/common/day.ts): d.M.yyyy in Finnish and Swedish, ISO in every language (issue 23). */
import { formatDayText, parseDay } from '../../static/common/day';

describe('a typed day', () => {
  it('reads d.M.yyyy and dd.MM.yyyy, and the ISO form', () => {
    expect(parseDay('30.6.2026')).toBe('2026-06-30');
    expect(parseDay(' 01.02.2027 ')).toBe('2027-02-01');
    expect(parseDay('2026-06-30')).toBe('2026-06-30');
    expect(parseDay('')).toBe('');
  });
  it('refuses what is not a real day, and the US order', () => {
    expect(parseDay('31.6.2026')).toBeNull();
    expect(parseDay('06/30/2026')).toBeNull();
    expect(parseDay('30.6.26')).toBeNull();
    expect(parseDay('huomenna')).toBeNull();
  });
  it('writes an ISO day as d.M.yyyy for a Finnish or Swedish reader', () => {
    expect(formatDayText('2026-06-30', 'fi')).toBe('30.6.2026');
    expect(formatDayText('2026-06-30', 'sv')).toBe('30.6.2026');
    expect(formatDayText('2026-06-30', 'en')).toBe('2026-06-30');
  });
});
