/**
 * Is the effect's "before" window inside the data? The database counts reports between dates; when the window
 * starts before the challenge's first report, part of it is empty by construction (a 36-month window over a
 * year of data counts the same reports as 12 months) and a reader would take "36 months" at face value. Pure:
 * the effect view states the result and warns or refuses.
 *
 * - 'inside': the before window starts at or after the first report.
 * - 'partial': it starts before the first report; `monthsWithData` of `monthsAsked` hold data (warn, and
 *   offer the longest window that fits).
 * - 'none': less than one month of the before window holds data (or there are no reports): no verdict.
 */
export type DataWindowState = 'inside' | 'partial' | 'none';

export interface DataWindowCheck {
  state: DataWindowState;
  /** Months of the before window after the first report (one decimal). */
  monthsWithData: number;
  monthsAsked: number;
  /** The longest of `choices` whose before window starts at or after the first report, or null. */
  longestFitting: number | null;
}

/** The mean Gregorian month in milliseconds (as the database's months_after). */
const MONTH_MS = 30.436875 * 86_400_000;

export function checkDataWindow(
  before: { from: string; to: string },
  data: { first: string | null },
  monthsAsked: number,
  choices: readonly number[],
): DataWindowCheck {
  const from = Date.parse(before.from);
  const to = Date.parse(before.to);
  const first = data.first == null ? null : Date.parse(data.first);
  // Each choice's window ends where this one ends (midnight on the 1st of a month, Malmö time) and starts that many
  // calendar months earlier, on the 1st. Compared as Malmö calendar days: UTC month arithmetic on 22:00Z of the
  // 30th landed on the 30th, a day before the window's real start, so a source starting on 1 January did not "fit"
  // the 6 months that begin on it.
  const endMonth = stockholmDay(to + 12 * 3_600_000).slice(0, 7);
  const startFor = (months: number) => {
    const [y, m] = endMonth.split('-').map(Number) as [number, number];
    const k = y * 12 + (m - 1) - months;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
  };
  const firstDay = first == null ? null : stockholmDay(first);
  const fitting = firstDay == null ? [] : choices.filter((m) => startFor(m) >= firstDay);
  const longestFitting = fitting.length > 0 ? Math.max(...fitting) : null;
  if (first == null || first >= to) return { state: 'none', monthsWithData: 0, monthsAsked, longestFitting };
  if (first <= from) return { state: 'inside', monthsWithData: monthsAsked, monthsAsked, longestFitting };
  const monthsWithData = Math.round(((to - first) / MONTH_MS) * 10) / 10;
  return { state: monthsWithData < 1 ? 'none' : 'partial', monthsWithData, monthsAsked, longestFitting };
}

/** The Malmö calendar day ('YYYY-MM-DD') of an instant. */
function stockholmDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
