import { targetSize } from './photo-size';

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
