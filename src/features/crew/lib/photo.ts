import { PHOTO_ACCEPTED_TYPES, PHOTO_MAX_BYTES, PHOTO_MAX_EDGE } from '../../../domain/report-rules';

/**
 * A status-update photo, re-encoded from its pixels so EXIF (GPS position, camera, time) is dropped.
 * A small copy of the report flow's encoder (features may not import each other; see the crew-ui report).
 */
export type PhotoProblem = 'photo_type' | 'photo_too_large';

export function photoProblem(file: { type: string; size: number }): PhotoProblem | null {
  if (!(PHOTO_ACCEPTED_TYPES as readonly string[]).includes(file.type.toLowerCase())) return 'photo_type';
  if (file.size > PHOTO_MAX_BYTES) return 'photo_too_large';
  return null;
}

export function scaledSize(width: number, height: number, maxEdge = PHOTO_MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Browser only. Rejects when the browser cannot decode the file. */
export async function encodeJpeg(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = scaledSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.fillStyle = '#fff'; // JPEG has no alpha
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.type !== 'image/jpeg') throw new Error('jpeg encoding failed');
    return blob;
  } finally {
    bitmap.close();
  }
}

/** `<uid>/updates/<uuid>.jpg`, the path api.change_status accepts. */
export function updatePhotoPath(userId: string, id: string = crypto.randomUUID()): string {
  return `${userId}/updates/${id}.jpg`;
}
