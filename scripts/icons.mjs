// Renders Tideline's PNG icons from the source SVGs in public/icons/ (run: npm run icons).
// The PNGs are committed so a build needs no image tooling; re-run this after editing an SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const source = readFileSync(`${dir}tideline.svg`, 'utf8');

/** A full-bleed square with the mark inside the maskable safe zone (the central 80% circle). */
function maskable(svg) {
  const mark = svg.match(/<g id="mark">[\s\S]*?<\/g>/)[0];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#0f5283"/>
  <g transform="translate(76.8 76.8) scale(0.7)">${mark}</g>
</svg>`;
}

function render(svg, size, name) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(`${dir}${name}`, png);
  console.log(`wrote public/icons/${name} (${size}×${size}, ${png.length} bytes)`);
}

render(source, 192, 'icon-192.png');
render(source, 512, 'icon-512.png');
render(source, 180, 'apple-touch-icon.png');
render(maskable(source), 512, 'maskable-512.png');
for (const name of ['notebooks', 'settings']) {
  render(readFileSync(`${dir}${name}.svg`, 'utf8'), 96, `${name}-96.png`);
}
