// Draws the field app's icons (public/field/icons): a blue tile with a white 3×3 grid and a location dot,
// as PNG (192, 512, and a 180 apple-touch icon) and SVG. Run `node scripts/field-icons.mjs` after changing
// it; the files are kept in the repository, so a build needs nothing from outside.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

const out = join(import.meta.dirname, '..', 'public', 'field', 'icons')
const blue = [29, 78, 216]
const white = [255, 255, 255]
const orange = [249, 115, 22]

/** The colour at (x, y) in a 1×1 square, or null outside the tile. */
function colourAt(x, y, rounded) {
  const r = rounded ? 0.18 : 0
  const cx = Math.min(Math.max(x, r), 1 - r)
  const cy = Math.min(Math.max(y, r), 1 - r)
  if (r > 0 && (x - cx) ** 2 + (y - cy) ** 2 > r * r) return null
  const dot = (x - 0.5) ** 2 + (y - 0.5) ** 2
  if (dot < 0.085 ** 2) return orange
  if (dot < 0.12 ** 2) return white
  const lo = 0.22
  const hi = 0.78
  const w = 0.022
  if (x >= lo - w && x <= hi + w && y >= lo - w && y <= hi + w) {
    for (const line of [lo, lo + (hi - lo) / 3, lo + (2 * (hi - lo)) / 3, hi]) {
      if (Math.abs(x - line) <= w || Math.abs(y - line) <= w) return white
    }
  }
  return blue
}

function png(size, rounded) {
  const samples = 4
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, rounded)
          if (!c) continue
          r += c[0]
          g += c[1]
          b += c[2]
          a += 255
        }
      const n = samples * samples
      const covered = a / 255
      const at = py * (size * 4 + 1) + 1 + px * 4
      raw[at] = covered ? Math.round(r / covered) : 0
      raw[at + 1] = covered ? Math.round(g / covered) : 0
      raw[at + 2] = covered ? Math.round(b / covered) : 0
      raw[at + 3] = Math.round(a / n)
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8
  header[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const at = [0.22, 0.22 + 0.56 / 3, 0.22 + 1.12 / 3, 0.78].map((v) => (v * 512).toFixed(1))
const [first, , , last] = at
const gridLines = at.flatMap((v) => [
  `    <line x1="${v}" y1="${first}" x2="${v}" y2="${last}" />`,
  `    <line x1="${first}" y1="${v}" x2="${last}" y2="${v}" />`,
])
// Written as Biome formats it, so the checked-in file stays as generated.
const svg = [
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">',
  '  <title>网格通</title>',
  '  <rect width="512" height="512" rx="92" fill="#1d4ed8" />',
  '  <g stroke="#fff" stroke-width="22.5" stroke-linecap="square">',
  ...gridLines,
  '  </g>',
  '  <circle cx="256" cy="256" r="61.4" fill="#fff" />',
  '  <circle cx="256" cy="256" r="43.5" fill="#f97316" />',
  '</svg>',
  '',
].join('\n')

writeFileSync(join(out, 'icon-192.png'), png(192, true))
writeFileSync(join(out, 'icon-512.png'), png(512, true))
// Maskable: the platform cuts its own shape, so the tile fills the square.
writeFileSync(join(out, 'icon-maskable-512.png'), png(512, false))
writeFileSync(join(out, 'apple-touch-icon.png'), png(180, false))
writeFileSync(join(out, 'icon.svg'), svg)
