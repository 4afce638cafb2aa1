/** The built-in template the functions load (its source with the schema's defaults, not parsed at cold start) is what parsing its source gives. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KAYTTOONOTTO } from '../../src/core/template/kayttoonotto';
import { parseTemplate } from '../../src/core/template/validate';
import { CURRENT_TEMPLATE, TEMPLATES, withDefaults } from '../../src/core/template/registry';
import type { TemplateInput } from '../../src/core/template/schema';

describe('the built-in template, without parsing at cold start', () => {
  it('is exactly what the parser makes of src/core/template/kayttoonotto.ts (defaults and cross-checks)', () => {
    const parsed = JSON.parse(JSON.stringify(parseTemplate(KAYTTOONOTTO))) as unknown;
    expect(JSON.parse(JSON.stringify(CURRENT_TEMPLATE))).toEqual(parsed);
  });

  it('gets every default the schema gives: an item or condition that leaves them out comes out as the parser makes it', () => {
    const bare = JSON.parse(JSON.stringify(KAYTTOONOTTO)) as TemplateInput;
    const strip = (o: Record<string, unknown>, keys: string[]) => keys.forEach((k) => delete o[k]);
    bare.items.forEach((i) => strip(i as Record<string, unknown>, ['subPoints', 'mandatory']));
    for (const g of [bare.gates.entry, bare.gates.exit])
      g.conditions.forEach((c) => strip(c as Record<string, unknown>, ['mandatory', 'evidence']));
    expect(JSON.parse(JSON.stringify(withDefaults(bare)))).toEqual(JSON.parse(JSON.stringify(parseTemplate(bare))));
  });

  it('is registered under its id and version, and frozen; no generated copy is kept in the source tree', () => {
    expect(TEMPLATES[CURRENT_TEMPLATE.id]?.[CURRENT_TEMPLATE.version]).toBe(CURRENT_TEMPLATE);
    expect(Object.isFrozen(CURRENT_TEMPLATE.items[0])).toBe(true);
    expect(existsSync(join(__dirname, '../../src/core/template/kayttoonotto.parsed.json'))).toBe(false);
  });
});
