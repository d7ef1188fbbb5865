import { crc32, deflateSync } from 'node:zlib';
import type { CallerRole } from '@shared/domain/roles';
import type { Caller } from '../cloud/lib/caller';
import type { mongoose } from '../cloud/lib/db';

type Id = mongoose.Types.ObjectId;

/**
 * What the demo parts share when they write through the modules' services: a staff member of the
 * community as the caller, and small generated images (signatures, photos) to upload.
 */

/** A staff member of the demo community, as the caller of a module's service. */
export function staffCaller(user: { _id: Id; name: string }, role: CallerRole, communityId: Id): Caller {
  return { userId: String(user._id), name: user.name, roles: [role], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [] };
}

/**
 * An RGB PNG of `width` × `height`: `raw` holds the scanlines as PNG stores them (each row a filter
 * byte 0, then 3 bytes a pixel).
 */
export function rgbPng(width: number, height: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A signature-like PNG (a dark stroke on white) for the papers the demo signs; `seed` varies the stroke. */
export function signaturePng(seed: number, width = 240, height = 90): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  for (let t = 0; t <= 1; t += 0.002) {
    const x = Math.round(20 + t * 200);
    const y = Math.round(45 + 18 * Math.cos(t * (5 + seed)) - 6 * t);
    for (let dy = -1; dy <= 1; dy++) raw.fill(30, (y + dy) * (width * 3 + 1) + 1 + x * 3, (y + dy) * (width * 3 + 1) + 4 + x * 3);
  }
  return rgbPng(width, height, raw);
}
