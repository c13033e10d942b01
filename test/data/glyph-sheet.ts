// Renders glyph digits to a PNG contact sheet, to look at them:
//   npx tsx test/data/glyph-sheet.ts [out.png] [seed] [noise]
// (default /tmp/glyph-digits.png). Row r shows ten examples of the digits 0-9, so each column is
// one digit. Not a test: a tool for eyes.

import { writeFileSync } from "node:fs";
import { glyphDigits } from "../../src/data/glyphs.js";
import { key } from "../../src/random/key.js";
import { contactSheet, encodeGrayPng } from "./png.js";

const [out = "/tmp/glyph-digits.png", seed = "0", noise] = process.argv.slice(2);
const started = performance.now();
const ds = glyphDigits(key(Number(seed)), { n: 100, ...(noise === undefined ? {} : { noise: Number(noise) }) });
const images = ds.features.toArray();
const sheet = contactSheet(images, 28, 100, 10, 4);
writeFileSync(out, encodeGrayPng(sheet.pixels, sheet.width, sheet.height));
console.log(`wrote ${out} (${sheet.width}×${sheet.height}) in ${(performance.now() - started).toFixed(0)} ms`);
