import { PHOTO_MAX_BYTES } from '@gonghui/contracts';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { normaliseIdPhoto } from './images.js';

function image(width: number, height: number, opts: { alpha?: boolean } = {}) {
  return sharp({
    create: {
      width,
      height,
      channels: opts.alpha ? 4 : 3,
      background: opts.alpha ? { r: 0, g: 0, b: 0, alpha: 0 } : { r: 200, g: 30, b: 30 },
    },
  });
}

/** Resolves to the refusal's English reason, so each case shows why it was refused. */
async function refusal(input: Buffer): Promise<string> {
  try {
    await normaliseIdPhoto(input);
  } catch (e) {
    if (e instanceof AppError && e.code === 'PHOTO_INVALID') {
      expect(typeof e.params.reason).toBe('string');
      return String(e.params.reasonEn);
    }
    throw e;
  }
  throw new Error('the photo was accepted');
}

describe('normaliseIdPhoto', () => {
  it('turns a PNG into a JPEG', async () => {
    const out = await normaliseIdPhoto(await image(400, 300).png().toBuffer());
    expect(out.contentType).toBe('image/jpeg');
    expect(out.data.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const meta = await sharp(out.data).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
    expect({ width: out.width, height: out.height }).toEqual({ width: 400, height: 300 });
  });

  it('accepts WebP, and puts a transparent background on white rather than black', async () => {
    const out = await normaliseIdPhoto(await image(300, 300, { alpha: true }).webp().toBuffer());
    const { data } = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);
  });

  it('applies the EXIF orientation: a 300×200 image tagged orientation 6 comes out 200×300', async () => {
    const tagged = await image(300, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await sharp(tagged).metadata()).toMatchObject({ width: 300, height: 200, orientation: 6 });
    const out = await normaliseIdPhoto(tagged);
    expect({ width: out.width, height: out.height }).toEqual({ width: 200, height: 300 });
    const meta = await sharp(out.data).metadata();
    expect(meta).toMatchObject({ width: 200, height: 300 });
    expect(meta.orientation).toBeUndefined();
  });

  it('keeps no metadata: EXIF (camera make, GPS), ICC, XMP are gone', async () => {
    const withExif = await image(400, 400)
      .jpeg()
      .withExif({ IFD0: { Make: 'SecretCam', Model: 'SecretModel' }, IFD3: { GPSLatitudeRef: 'N' } })
      .toBuffer();
    expect(withExif.includes('SecretCam')).toBe(true);
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const out = await normaliseIdPhoto(withExif);
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(out.data.includes('SecretCam')).toBe(false);
    expect(out.data.includes('SecretModel')).toBe(false);
  });

  it('shrinks to fit within 2000×2000 and never enlarges', async () => {
    const big = await normaliseIdPhoto(await image(3000, 2400).jpeg().toBuffer());
    expect({ width: big.width, height: big.height }).toEqual({ width: 2000, height: 1600 });
    const small = await normaliseIdPhoto(await image(250, 220).png().toBuffer());
    expect({ width: small.width, height: small.height }).toEqual({ width: 250, height: 220 });
  });

  it('refuses a text file named .jpg', async () => {
    expect(await refusal(Buffer.from('this is not a photo, whatever its file name says\n'.repeat(20)))).toBe('Not a JPEG, PNG or WebP image');
    expect(await refusal(Buffer.alloc(0))).toBe('Not a JPEG, PNG or WebP image');
  });

  it('refuses formats other than JPEG, PNG and WebP even when sharp can read them', async () => {
    expect(await refusal(await image(300, 300).gif().toBuffer())).toBe('Not a JPEG, PNG or WebP image');
    expect(await refusal(await image(300, 300).tiff().toBuffer())).toBe('Not a JPEG, PNG or WebP image');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400"/></svg>');
    expect(await refusal(svg)).toBe('Not a JPEG, PNG or WebP image');
  });

  it('refuses an image that cannot be decoded', async () => {
    const jpeg = await image(600, 600).jpeg().toBuffer();
    expect(await refusal(jpeg.subarray(0, 40))).toBe('The image is damaged and cannot be read');
    expect(await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe('The image is damaged and cannot be read');
  });

  it('refuses an image smaller than 200×200', async () => {
    expect(await refusal(await image(199, 400).png().toBuffer())).toMatch(/too small/);
    expect(await refusal(await image(400, 150).jpeg().toBuffer())).toMatch(/too small/);
    await expect(normaliseIdPhoto(await image(200, 200).png().toBuffer())).resolves.toMatchObject({ width: 200, height: 200 });
  });

  it('refuses a file over 8 MB before looking at it', async () => {
    const jpeg = await image(300, 300).jpeg().toBuffer();
    const padded = Buffer.concat([jpeg, Buffer.alloc(PHOTO_MAX_BYTES + 1 - jpeg.length)]);
    expect(await refusal(padded)).toMatch(/larger than 8 MB/);
  });

  it('refuses more than 40 megapixels without decoding (a small file can claim a huge image)', async () => {
    const huge = await image(8000, 6000).png({ compressionLevel: 9, palette: true }).toBuffer();
    expect(huge.length).toBeLessThan(PHOTO_MAX_BYTES);
    expect(await refusal(huge)).toMatch(/too many pixels/);
  });
});
