/**
 * npm run template:built-in — writes the parsed built-in template (src/core/template/kayttoonotto.ts
 * through the template parser: defaults applied, cross-checked) to
 * src/core/template/kayttoonotto.parsed.json, which the functions load instead of parsing it at
 * cold start. test/core/built-in-template.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAYTTOONOTTO } from '../src/core/template/kayttoonotto';
import { parseTemplate } from '../src/core/template/validate';

export const PARSED_PATH = join(__dirname, '..', 'src', 'core', 'template', 'kayttoonotto.parsed.json');

if (require.main === module) {
  writeFileSync(PARSED_PATH, `${JSON.stringify(parseTemplate(KAYTTOONOTTO), null, 2)}\n`);
  console.log(`wrote ${PARSED_PATH}`);
}
