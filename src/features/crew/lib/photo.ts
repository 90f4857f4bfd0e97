/** `<uid>/updates/<uuid>.jpg`, the path api.change_status accepts (the re-encoder is src/ui/photo-encode.ts). */
export function updatePhotoPath(userId: string, id: string = crypto.randomUUID()): string {
  return `${userId}/updates/${id}.jpg`;
}

/** `<uid>/<report id>.jpg`, the path api.submit_report accepts for a report's own photo (idempotent by the id). */
export function fieldPhotoPath(userId: string, reportId: string): string {
  return `${userId}/${reportId}.jpg`;
}
