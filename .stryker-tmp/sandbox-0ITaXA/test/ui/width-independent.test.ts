/**
 * The Custom UI renders the same DOM at every width: no script reads the viewport and no style
 * switches on the width (only print and reduced-motion media queries). The axe checks rely on it:
 * every rule runs at 720 px and only the layout rules again at 1280 px (test/browser/panel-axe.ts).
 */
// @ts-nocheck

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const STATIC = path.resolve(__dirname, '..', '..', 'static');
const WIDTH_DEPENDENT =
  /matchMedia|ResizeObserver|innerWidth|outerWidth|clientWidth|offsetWidth|getBoundingClientRect|@media[^{]*(width|orientation)|@container/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'build' || name === 'node_modules' ? [] : sources(full);
    return /\.(tsx?|css)$/.test(name) ? [full] : [];
  });
}

export function widthDependent(text: string): string | null {
  return WIDTH_DEPENDENT.exec(text)?.[0] ?? null;
}

describe('the Custom UI does not render by width', () => {
  it('no source in static/ reads the viewport or switches style on the width', () => {
    const files = sources(STATIC);
    expect(files.length).toBeGreaterThan(20);
    const found = files.map((f) => [path.relative(STATIC, f), widthDependent(readFileSync(f, 'utf8'))]).filter(([, hit]) => hit !== null);
    expect(found).toEqual([]);
  });

  it('the check sees a width query, a resize observer and a width read', () => {
    expect(widthDependent('@media (max-width: 600px) { .a { display: none } }')).not.toBeNull();
    expect(widthDependent('new ResizeObserver(() => undefined)')).not.toBeNull();
    expect(widthDependent('if (window.innerWidth < 800) compact = true;')).not.toBeNull();
    expect(widthDependent('@media print { .no-print { display: none } }')).toBeNull();
  });
});
