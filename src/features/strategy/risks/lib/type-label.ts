type T = (key: string, o?: Record<string, unknown>) => string;

/** An event type in words: injuries by severity, police and other events by the slug they were imported with. */
export function typeLabel(t: T, type: string): string {
  if (type.startsWith('injury_')) return t(`risks.types.${type}`);
  const [kind, word] = type.split(':');
  return t(`risks.types.${kind === 'police' ? 'police' : 'event'}`, { name: (word ?? '').replace(/_/g, ' ') });
}

const FAMILIES = ['injury', 'police', 'event'];

/** A challenge's risk types in words: a whole family by its group's name ("Alla trafikskador"), a type by typeLabel. */
export function riskTypesLabel(t: T, types: readonly string[]): string {
  return types.map((x) => (FAMILIES.includes(x) ? t(`risks.compare.group.${x}`) : typeLabel(t, x))).join(', ');
}
