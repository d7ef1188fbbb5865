/**
 * Draws the PNG icons of the tab bar and of the owner home's service grid (line icons, no
 * dependency: shapes as distance functions, 4×4 supersampling, PNG written with node:zlib) into
 * client/src/assets/. Re-run after changing a shape: `npx tsx scripts/tabbar-icons.ts`.
 * PNG because WeChat's Image (and a tab bar's iconPath) takes local raster files; SVG in H5 only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Pt = readonly [number, number];
/** Distance from a point to the shape's outline (strokes) or negative inside (fills). */
type Shape = (x: number, y: number) => boolean;

function segDist(x: number, y: number, [ax, ay]: Pt, [bx, by]: Pt): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
const line = (pts: Pt[], w: number): Shape => (x, y) => pts.slice(1).some((p, i) => segDist(x, y, pts[i], p) <= w / 2);
const ring = (c: Pt, r: number, w: number, keep: (x: number, y: number) => boolean = () => true): Shape => (x, y) =>
  Math.abs(Math.hypot(x - c[0], y - c[1]) - r) <= w / 2 && keep(x, y);
const disc = (c: Pt, r: number): Shape => (x, y) => Math.hypot(x - c[0], y - c[1]) <= r;
/** Rounded rectangle: outline of width w (w = 0: filled). */
function rrect(x0: number, y0: number, x1: number, y1: number, r: number, w = 0): Shape {
  const sd = (x: number, y: number) => {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
    const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
  return w ? (x, y) => Math.abs(sd(x, y)) <= w / 2 : (x, y) => sd(x, y) <= 0;
}
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

type Rgb = readonly [number, number, number];
const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/** Layers painted in order: [shape, colour]; the rest transparent. */
function render(size: number, layers: [Shape, Rgb][], scale: number): Buffer {
  const S = 4;
  const px = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (i + (sx + 0.5) / S) / scale;
          const y = (j + (sy + 0.5) / S) / scale;
          let hit: Rgb | undefined;
          for (const [shape, colour] of layers) if (shape(x, y)) hit = colour;
          if (hit) {
            r += hit[0];
            g += hit[1];
            b += hit[2];
            a += 1;
          }
        }
      }
      const o = (j * size + i) * 4;
      if (a) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((255 * a) / (S * S));
      }
    }
  }
  return png(size, px);
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---- Tab bar: 81×81 line icons (stroke 5) on a 81 grid, grey and brand blue. ----
const W = 5;
const TAB_ICONS: Record<string, Shape[]> = {
  home: [
    line([[13, 39], [40.5, 15], [68, 39]], W),
    line([[22, 33], [22, 66], [59, 66], [59, 33]], W),
    line([[34, 66], [34, 50], [47, 50], [47, 66]], W),
  ],
  message: [
    minus(rrect(12, 16, 69, 58, 10, W), (x, y) => y > 52 && x > 24 && x < 38),
    line([[25, 56], [23, 68], [38, 56]], W),
    disc([27, 37], 3.6),
    disc([40.5, 37], 3.6),
    disc([54, 37], 3.6),
  ],
  user: [ring([40.5, 28], 12, W), ring([40.5, 72], 26, W, (_x, y) => y <= 66), line([[14.6, 66], [66.4, 66]], W)],
};
const GREY = hex('#8a8f99');
const BLUE = hex('#1677ff');

// ---- Service grid: 96×96, white glyph on a coloured rounded square. ----
const WHITE = hex('#ffffff');
const G = 6;
const GRID_ICONS: Record<string, { colour: string; glyph: Shape[] }> = {
  repair: {
    colour: '#ff7d00',
    glyph: [
      ring([58, 36], 11, 7, (x, y) => !(x > 58 && y < 36 && x - 58 > 36 - y - 8 && 36 - y > x - 58 - 8) || Math.hypot(x - 58, y - 36) < 8),
      line([[50, 44], [30, 64]], 10),
    ],
  },
  fees: {
    colour: '#00b578',
    glyph: [ring([48, 48], 24, G), line([[38, 34], [48, 46], [58, 34]], G - 1), line([[48, 46], [48, 64]], G - 1), line([[39, 49], [57, 49]], G - 1), line([[39, 57], [57, 57]], G - 1)],
  },
  notices: {
    colour: '#1677ff',
    glyph: [rrect(28, 22, 68, 74, 6, G), line([[37, 38], [59, 38]], G - 1), line([[37, 49], [59, 49]], G - 1), line([[37, 60], [50, 60]], G - 1)],
  },
  complaints: {
    colour: '#7c5cfc',
    glyph: [
      minus(rrect(22, 24, 74, 64, 10, G), (x, y) => y > 58 && x > 32 && x < 46),
      line([[33, 62], [31, 74], [46, 62]], G),
      line([[48, 33], [48, 47]], G + 1),
      disc([48, 55], 3.8),
    ],
  },
  inquiries: {
    colour: '#00a3bf',
    glyph: [
      minus(ring([48, 46], 25, G), (x, y) => y > 60 && x < 40 && x > 22),
      line([[33, 63], [25, 75], [42, 69]], G),
      ring([48, 39], 9, G - 1, (x, y) => !(x < 48 && y > 39)),
      line([[48, 48], [48, 53]], G - 1),
      disc([48, 61], 3.6),
    ],
  },
  // 放行条: a box with an arrow leaving it.
  passes: {
    colour: '#f5a623',
    glyph: [minus(rrect(24, 44, 72, 76, 5, G), (x, y) => y < 48 && x > 40 && x < 56), line([[48, 60], [48, 22]], G), line([[37, 33], [48, 22], [59, 33]], G)],
  },
  // 装修: a paint roller.
  renovation: {
    colour: '#e8590c',
    glyph: [rrect(20, 22, 64, 42, 6, G), line([[64, 32], [74, 32], [74, 50], [48, 54], [48, 60]], G - 1), rrect(43, 58, 53, 78, 3)],
  },
  // 问卷调查: a clipboard with two ticked lines.
  surveys: {
    colour: '#d6336c',
    glyph: [
      rrect(24, 22, 72, 78, 6, G),
      rrect(38, 16, 58, 28, 3),
      line([[33, 44], [37, 48], [44, 40]], G - 1),
      line([[50, 44], [63, 44]], G - 1),
      line([[33, 62], [37, 66], [44, 58]], G - 1),
      line([[50, 62], [63, 62]], G - 1),
    ],
  },
  // 社区活动: a flag on its pole.
  activities: {
    colour: '#7048e8',
    glyph: [line([[30, 20], [30, 78]], G), line([[30, 24], [70, 30], [52, 40], [70, 50], [30, 54]], G - 1)],
  },
  // 服务指南: an open book.
  knowledge: {
    colour: '#2f9e44',
    glyph: [
      line([[48, 34], [48, 72]], G - 1),
      line([[48, 34], [36, 28], [21, 28], [21, 66], [36, 66], [48, 72]], G),
      line([[48, 34], [60, 28], [75, 28], [75, 66], [60, 66], [48, 72]], G),
    ],
  },
};

const OUT = path.resolve(__dirname, '../client/src/assets');
mkdirSync(path.join(OUT, 'tabbar'), { recursive: true });
mkdirSync(path.join(OUT, 'home'), { recursive: true });
for (const [name, shapes] of Object.entries(TAB_ICONS)) {
  const any: Shape = (x, y) => shapes.some((s) => s(x, y));
  writeFileSync(path.join(OUT, 'tabbar', `${name}.png`), render(81, [[any, GREY]], 1));
  writeFileSync(path.join(OUT, 'tabbar', `${name}-active.png`), render(81, [[any, BLUE]], 1));
}
for (const [name, { colour, glyph }] of Object.entries(GRID_ICONS)) {
  const any: Shape = (x, y) => glyph.some((s) => s(x, y));
  writeFileSync(path.join(OUT, 'home', `${name}.png`), render(96, [[rrect(0, 0, 96, 96, 26), hex(colour)], [any, WHITE]], 1));
}
console.log(`icons written to ${OUT}/tabbar and ${OUT}/home`);
