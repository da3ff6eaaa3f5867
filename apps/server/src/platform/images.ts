/**
 * ID photo normalisation: whatever a phone uploads becomes one plain sRGB JPEG, upright, at most
 * 2000 px on a side, with no metadata (EXIF can hold GPS positions, device serials, a thumbnail of
 * the uncropped picture). The client's file name and MIME type are never trusted: the format is
 * recognised from the bytes, first by signature (so no other decoder than JPEG/PNG/WebP ever sees
 * the upload), then by sharp's own reading of the header.
 *
 * Every refusal is AppError('PHOTO_INVALID', { params: { reason, reasonEn } }).
 */
import { PHOTO_MAX_BYTES } from '@gonghui/contracts';
import sharp, { type Metadata } from 'sharp';
import { AppError } from './errors.js';

export const ID_PHOTO_MIN_EDGE = 200;
export const ID_PHOTO_MAX_EDGE = 2000;
export const ID_PHOTO_MAX_PIXELS = 40_000_000;
export const ID_PHOTO_JPEG_QUALITY = 85;

export interface NormalisedPhoto {
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

type Format = 'jpeg' | 'png' | 'webp';

const REASONS = {
  tooLarge: { reason: `文件超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`, reasonEn: `The file is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB` },
  notImage: { reason: '不是 JPEG、PNG 或 WebP 格式的图片', reasonEn: 'Not a JPEG, PNG or WebP image' },
  corrupt: { reason: '图片已损坏，无法读取', reasonEn: 'The image is damaged and cannot be read' },
  tooSmall: {
    reason: `图片太小，至少需要 ${ID_PHOTO_MIN_EDGE}×${ID_PHOTO_MIN_EDGE} 像素`,
    reasonEn: `The image is too small: at least ${ID_PHOTO_MIN_EDGE}×${ID_PHOTO_MIN_EDGE} pixels`,
  },
  tooManyPixels: {
    reason: `图片像素过多，最多 ${ID_PHOTO_MAX_PIXELS / 1_000_000} 百万像素`,
    reasonEn: `The image has too many pixels: at most ${ID_PHOTO_MAX_PIXELS / 1_000_000} megapixels`,
  },
} as const;

function refuse(why: keyof typeof REASONS, cause?: unknown): AppError {
  return new AppError('PHOTO_INVALID', { params: { ...REASONS[why] }, cause });
}

/** The format the bytes announce, from their leading signature. */
function sniffFormat(b: Buffer): Format | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** An ID photo: at most 2000 px on a side. */
export const normaliseIdPhoto = (input: Buffer): Promise<NormalisedPhoto> => normaliseImage(input, { maxBytes: PHOTO_MAX_BYTES, maxEdge: ID_PHOTO_MAX_EDGE });

/** Any uploaded picture (ID photos, activity covers): the same checks, its own size limits. */
export async function normaliseImage(input: Buffer, limits: { maxBytes: number; maxEdge: number }): Promise<NormalisedPhoto> {
  if (input.length > limits.maxBytes) throw refuse('tooLarge');
  const sniffed = sniffFormat(input);
  if (!sniffed) throw refuse('notImage');

  // 'truncated' refuses a cut-off upload but tolerates the harmless warnings some phones' JPEGs raise.
  const options = { failOn: 'truncated', limitInputPixels: ID_PHOTO_MAX_PIXELS } as const;
  let meta: Metadata;
  try {
    // Only the header is read here; without a pixel limit so an oversized image gets its own reason.
    meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (cause) {
    throw refuse('corrupt', cause);
  }
  if (meta.format !== sniffed) throw refuse('notImage');
  const { width, height } = meta;
  // Checked from the header, before any decoding, so a decompression bomb costs nothing.
  if (width * height > ID_PHOTO_MAX_PIXELS) throw refuse('tooManyPixels');
  if (width < ID_PHOTO_MIN_EDGE || height < ID_PHOTO_MIN_EDGE) throw refuse('tooSmall');

  try {
    const { data, info } = await sharp(input, options)
      .rotate()
      .resize(limits.maxEdge, limits.maxEdge, { fit: 'inside', withoutEnlargement: true })
      // JPEG has no transparency: a transparent PNG background becomes white, not black.
      .flatten({ background: '#ffffff' })
      // No withMetadata/keepExif/keepMetadata: sharp writes no EXIF, XMP, IPTC or ICC and converts to sRGB.
      .jpeg({ quality: ID_PHOTO_JPEG_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { data, contentType: 'image/jpeg', width: info.width, height: info.height };
  } catch (cause) {
    throw refuse('corrupt', cause);
  }
}
