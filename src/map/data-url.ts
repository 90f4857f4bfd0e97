/** URL of a file in public/data, given the app's base URL (import.meta.env.BASE_URL or an absolute origin). */
export function dataUrl(baseUrl: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/data/${file}`;
}
