#!/usr/bin/env node
// Renders the app icons (public/icons/*.png, committed) from their SVG sources with Debian's Chromium:
//   node scripts/build-icons.mjs
// icon.svg → icon-192.png, icon-512.png (purpose "any"); icon-maskable.svg → icon-maskable-512.png (the
// pin inside the 80 % safe zone, so a launcher's round or squircle mask never cuts it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = join(import.meta.dirname, '..', 'public', 'icons');
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon.svg', 'apple-touch-icon-180.png', 180],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const [src, out, size] of jobs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const svg = readFileSync(join(dir, src), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: join(dir, out), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`${out} (${size} px)`);
  }
} finally {
  await browser.close();
}
