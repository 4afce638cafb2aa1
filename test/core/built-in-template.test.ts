/** The built-in template the functions load (generated, not parsed at cold start) is what parsing its source gives. */
import { readFileSync } from 'node:fs';
import { KAYTTOONOTTO } from '../../src/core/template/kayttoonotto';
import { parseTemplate } from '../../src/core/template/validate';
import { CURRENT_TEMPLATE, TEMPLATES } from '../../src/core/template/registry';
import { PARSED_PATH } from '../../scripts/built-in-template';

describe('the built-in template, parsed at build time', () => {
  it('is exactly what the parser makes of src/core/template/kayttoonotto.ts (run `npm run template:built-in` after editing it)', () => {
    const parsed = JSON.parse(JSON.stringify(parseTemplate(KAYTTOONOTTO))) as unknown;
    expect(JSON.parse(readFileSync(PARSED_PATH, 'utf8'))).toEqual(parsed);
    expect(JSON.parse(JSON.stringify(CURRENT_TEMPLATE))).toEqual(parsed);
  });

  it('is registered under its id and version, and frozen', () => {
    expect(TEMPLATES[CURRENT_TEMPLATE.id]?.[CURRENT_TEMPLATE.version]).toBe(CURRENT_TEMPLATE);
    expect(Object.isFrozen(CURRENT_TEMPLATE.items[0])).toBe(true);
  });
});
