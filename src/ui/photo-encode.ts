import { PHOTO_ACCEPTED_TYPES, PHOTO_MAX_BYTES, PHOTO_MAX_EDGE } from '../domain/report-rules';

/*
 * The one photo re-encoder, shared by the resident report flow and the crew's status photos: checks a chosen
 * file, then decodes it and re-encodes the pixels as JPEG, so every EXIF field (GPS position, camera, time)
 * is dropped before anything is stored or uploaded.
 */

/**
 * The size to draw a photo at: scaled down (never up) so the longest edge is at most `maxEdge`,
 * keeping the aspect ratio; whole pixels, at least 1×1.
 */
export function targetSize(
  width: number,
  height: number,
  maxEdge: number = PHOTO_MAX_EDGE,
): { width: number; height: number; scale: number } {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) && maxEdge >= 1)) {
    throw new RangeError(`invalid image size ${width}×${height}`);
  }
  const longest = Math.max(width, height);
  const scale = longest > maxEdge ? maxEdge / longest : 1;
  const w = Math.max(1, Math.min(maxEdge, Math.round(width * scale)));
  const h = Math.max(1, Math.min(maxEdge, Math.round(height * scale)));
  return { width: w, height: h, scale };
}

export type PhotoProblem = 'photo_type' | 'photo_too_large';

/** Checks type and size of a chosen file before decoding it. */
export function photoProblem(file: { type: string; size: number }): PhotoProblem | null {
  if (!(PHOTO_ACCEPTED_TYPES as readonly string[]).includes(file.type.toLowerCase())) return 'photo_type';
  if (file.size > PHOTO_MAX_BYTES) return 'photo_too_large';
  return null;
}

/** JPEG quality of the stored photo. */
export const PHOTO_QUALITY = 0.85;

/**
 * Decodes an image (honouring its EXIF orientation), scales it so the longest edge ≤ PHOTO_MAX_EDGE and
 * re-encodes it as JPEG from the pixels. Because only pixels are copied, every EXIF field (GPS position,
 * camera, time) is dropped. Browser only. Rejects when the browser cannot decode the file (e.g. HEIC in
 * most browsers other than Safari).
 */
export async function resizeToJpeg(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = targetSize(bitmap.width, bitmap.height);
    let blob: Blob | null;
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      drawOpaque(ctx, bitmap, width, height);
      blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    } else {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      drawOpaque(ctx, bitmap, width, height);
      blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
    }
    if (!blob || blob.type !== 'image/jpeg') throw new Error('jpeg encoding failed');
    return { blob, width, height };
  } finally {
    bitmap.close();
  }
}

function drawOpaque(
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D,
  bitmap: ImageBitmap,
  width: number,
  height: number,
) {
  // JPEG has no alpha: paint transparent PNG areas white instead of black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
}
