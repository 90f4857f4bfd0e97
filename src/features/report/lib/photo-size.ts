import { PHOTO_ACCEPTED_TYPES, PHOTO_MAX_BYTES, PHOTO_MAX_EDGE } from '../../../domain/report-rules';

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
