/** `<uid>/updates/<uuid>.jpg`, the path api.change_status accepts (the re-encoder is src/ui/photo-encode.ts). */
export function updatePhotoPath(userId: string, id: string = crypto.randomUUID()): string {
  return `${userId}/updates/${id}.jpg`;
}
