/**
 * Checks an archived closure dossier (the JSON the panel's `getDossier` gives):
 *   npm run -s dossier -- verify <file.json>
 * recomputes the SHA-256 digest of the canonical JSON (RFC 8785) of its content and compares it with
 * the digest written in it. Exit 0 and "OK <digest>" when they match; exit 1 and the problems when
 * they do not (or the file is not a dossier); exit 2 on wrong usage.
 *
 * That is integrity only: whoever edits the content can recompute the digest and write it in too.
 * Whether the app gave out this very dossier is checked in Jira, against the app's own record of the
 * digests it gave out: the epic's panel, "Verify a dossier file" (resolver `verifyDossier`).
 */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import { verifyDossier } from '../src/core/dossier';

function main(argv: string[]): number {
  const [command, file] = argv;
  if (command !== 'verify' || !file) {
    process.stderr.write('usage: npm run -s dossier -- verify <dossier.json>\n');
    return 2;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    process.stdout.write(`FAILED ${file}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})\n`);
    return 1;
  }
  const r = verifyDossier(doc);
  if (r.ok) {
    process.stdout.write(
      `OK ${file}: SHA-256 ${r.computed ?? ''}\n` +
        '  integrity only: the content matches the digest written in it. Anyone who edits a dossier can\n' +
        '  write a new digest in too, so this does not show that the app issued it. To check authenticity,\n' +
        '  open the epic in Jira and use "Verify a dossier file" in the phase panel: it compares the file with\n' +
        "  the app's own record of the dossiers it issued.\n",
    );
    return 0;
  }
  process.stdout.write(
    `FAILED ${file}:\n${r.problems.map((p) => `  - ${p}`).join('\n')}\n  recorded ${r.recorded ?? '–'}\n  computed ${r.computed ?? '–'}\n`,
  );
  return 1;
}

process.exitCode = main(process.argv.slice(2));
