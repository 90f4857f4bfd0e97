const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of <input type="datetime-local"> in the device's time zone (minutes precision). */
export function toDateTimeLocal(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses a datetime-local value (local time); null when empty or not a real date. */
export function parseDateTimeLocal(value: string): Date | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!);
  // Reject overflow such as 2024-02-31 (which Date would roll into March).
  if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d) return null;
  if (date.getHours() !== h || date.getMinutes() !== mi) return null;
  return date;
}
