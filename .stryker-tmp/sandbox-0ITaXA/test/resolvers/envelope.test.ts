/**
 * The resolver envelope (src/resolvers/envelope.ts): the caller's language comes from the payload
 * (Forge contexts carry no locale), every payload is parsed by a strict schema, and every INTERNAL
 * is a real fault that is logged with its cause.
 */
// @ts-nocheck

import type { Request } from '@forge/resolver';
import { z } from 'zod';
import { localeOfPayload, run } from '../../src/resolvers/envelope';
import { schemas } from '../../src/resolvers/schemas';

const request = (payload: unknown, context: Record<string, unknown> = { accountId: 'someone' }) =>
  ({ payload, context }) as unknown as Request;

describe('resolver envelope', () => {
  it('takes the language from the payload only; Finnish without one', () => {
    expect(localeOfPayload({ locale: 'sv-SE' })).toBe('sv');
    expect(localeOfPayload({ locale: 'en-US' })).toBe('en');
    expect(localeOfPayload({ locale: 'sv_SE' })).toBe('fi');
    expect(localeOfPayload({})).toBe('fi');
    expect(localeOfPayload(null)).toBe('fi');
  });

  it('a Swedish UI call with a context without locale gets a Swedish error', async () => {
    const handler = jest.fn();
    const r = await run(
      'setRiskLevel',
      schemas.setRiskLevel,
      request({ riskLevel: 'kohtalainen', locale: 'sv-SE' }, { accountId: 'someone' }),
      handler,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(/^Ogiltig indata\. riskLevel: Ogiltigt val/);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("ignores the context's locale", async () => {
    const r = await run(
      'setRiskLevel',
      schemas.setRiskLevel,
      request({ riskLevel: 'x' }, { accountId: 'someone', locale: 'en-US' }),
      jest.fn(),
    );
    expect(!r.ok && r.error.message).toMatch(/^Virheellinen syöte\./);
  });

  it('the handler never sees the locale, and gets the normalised payload', async () => {
    const handler = jest.fn(async ({ payload }: { payload: unknown }) => payload);
    const r = await run(
      'requestWaiver',
      schemas.requestWaiver,
      request({ itemId: 'a-b', reason: '  Cafe\u0301 syy  ', locale: 'en-US' }),
      handler as never,
    );
    expect(r).toEqual({ ok: true, data: { itemId: 'a-b', reason: 'Café syy' } });
    expect(handler.mock.calls[0]![0]).toMatchObject({ caller: { accountId: 'someone', locale: 'en' } });
  });

  it('unauthenticated calls are refused in the caller’s language', async () => {
    const r = await run('getPanel', schemas.empty, request({ locale: 'en-US' }, {}), jest.fn());
    expect(r).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Log in to use the app.' } });
  });

  it('an INTERNAL is logged with its cause; a bad input is not logged', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const cause = new Error('KVS unreachable');
      const r = await run('getPanel', schemas.empty, request({ locale: 'en-US' }), async () => {
        throw new Error('reading the phase failed', { cause });
      });
      expect(r.ok === false && r.error.code).toBe('INTERNAL');
      expect(errors).toHaveBeenCalledTimes(1);
      const logged = errors.mock.calls[0]!;
      expect(String(logged[0])).toContain('getPanel');
      expect((logged[1] as Error).cause).toBe(cause);

      errors.mockClear();
      await run('getPanel', schemas.empty, request({ bogus: 1 }), jest.fn());
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it.each([
    ['a __proto__ key', '{"riskLevel":"low","__proto__":{"admin":true}}', /__proto__/],
    [
      'a constructor key inside the approval',
      '{"conditionId":"a-b","approval":{"riskLevel":"low","securityLevel":"basic","dataProtectionLevel":"personal-data","constructor":{"x":1}}}',
      /constructor/,
    ],
  ])('a JSON payload with %s is refused', async (_what, json, named) => {
    const handler = jest.fn();
    const name = json.includes('conditionId') ? 'attest' : 'setRiskLevel';
    const r = await run(name, name === 'attest' ? schemas.attest : schemas.setRiskLevel, request(JSON.parse(json)), handler as never);
    expect(r.ok === false && r.error.code).toBe('INVALID_INPUT');
    expect(r.ok === false && (r.error.details ?? []).join('\n')).toMatch(named);
    expect(handler).not.toHaveBeenCalled();
  });

  it('every action schema is strict and accepts the locale', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      const shape = (schema as z.ZodObject).shape as Record<string, unknown>;
      expect([name, Object.keys(shape)]).toEqual([name, expect.arrayContaining(['locale'])]);
      const r = (schema as z.ZodType).safeParse({ __unknown__: 1 });
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    }
  });
});
