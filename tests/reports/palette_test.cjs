// The chart palette of reports/web/report.js stays distinct for 12 series: twelve colours,
// every pair at least 20 apart in CIE76 ΔE (CIELAB, D65), and each as far from the ink of
// total lines. A ΔE of 2.3 is just noticeable; 20 tells two lines apart at a glance.
//
// Usage: node palette_test.cjs reports/web/report.js. Exit code 1 when a check fails.
'use strict';
const fs = require('fs');

const source = fs.readFileSync(process.argv[2], 'utf8');
const hexes = (name) => {
  const match = source.match(new RegExp(`var ${name} = (\\[[^\\]]*\\]|'#[0-9a-f]{6}')`));
  if (!match) throw new Error(`no "var ${name} = ..." in ${process.argv[2]}`);
  return match[1].match(/#[0-9a-f]{6}/g);
};

function lab(hex) {
  const linear = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  const [r, g, b] = linear;
  const xyz = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  const [fx, fy, fz] = xyz.map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116));
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const deltaE = (a, b) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

const palette = hexes('palette');
const ink = hexes('ink')[0];
const minimum = 20;
const failures = [];
if (palette.length < 12) failures.push(`the palette has ${palette.length} colours, fewer than 12`);
for (let i = 0; i < palette.length; i++) {
  for (let j = i + 1; j < palette.length; j++)
    if (deltaE(palette[i], palette[j]) < minimum)
      failures.push(`${palette[i]} and ${palette[j]} are ${deltaE(palette[i], palette[j]).toFixed(1)} apart`);
  if (deltaE(palette[i], ink) < minimum)
    failures.push(`${palette[i]} is ${deltaE(palette[i], ink).toFixed(1)} from the ink of total lines ${ink}`);
}
// Sanity of the measure itself: black and white are 100 apart.
if (Math.abs(deltaE('#000000', '#ffffff') - 100) > 0.01) failures.push('ΔE of black and white is not 100');
for (const failure of failures) console.error(`FAIL: ${failure}`);
if (failures.length) process.exit(1);
console.log(`${palette.length} colours, every pair at least ${minimum} ΔE apart and from ${ink}`);
