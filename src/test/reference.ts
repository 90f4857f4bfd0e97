import type { ReferenceData, Transition } from '../api';

/**
 * Reference data as api.list_categories returns it, copied from supabase/seed.sql (challenges, categories,
 * statuses) and the workflow of supabase/migrations/20261202000300_reference_data_and_status_workflow.sql. Keep in step
 * with those files; the db suite tests the database's own copy.
 */
const challenges: ReferenceData['challenges'] = [
  {
    code: 'renhallning',
    name_sv: 'Renhållning för ökad trygghet',
    name_en: 'Cleanliness for increased safety',
    description_sv: 'Nedskräpning, fulla papperskorgar, dumpat avfall, klotter, glas och sprutor som gör platser otrygga.',
    description_en: 'Litter, overflowing bins, dumped waste, graffiti, glass and syringes that make places feel unsafe.',
    sort: 1,
    area: null,
    crew_focus: true,
    counts_development_links: false,
  },
  {
    code: 'planering',
    name_sv: 'Trygghetsfrämjande faktorer i planarbetet',
    name_en: 'Safety-promoting factors in planning',
    description_sv: 'Underlag och trygghetsbedömningar kring planerad bebyggelse och nya detaljplaner.',
    description_en: 'Evidence and safety assessments around planned developments and new detailed plans.',
    sort: 2,
    area: null,
    crew_focus: false,
    counts_development_links: true,
  },
  {
    code: 'trafik',
    name_sv: 'Trafikbeteende och otrygghet i trafikmiljön',
    name_en: 'Traffic behaviour and insecurity in traffic',
    description_sv: 'Höga hastigheter, farliga korsningar, konflikter mellan cyklister och gående, skymd sikt och felparkerade elsparkcyklar.',
    description_en: 'Speeding, dangerous crossings, cyclist–pedestrian conflicts, blocked sight lines and badly parked e-scooters.',
    sort: 3,
    area: null,
    crew_focus: false,
    counts_development_links: false,
  },
  {
    code: 'befintlig_stad',
    name_sv: 'Rätt åtgärder för ökad trygghet i befintlig stad',
    name_en: 'The right measures for increased safety in the existing city',
    description_sv: 'Mörka platser och trasig belysning, igenvuxen vegetation, otrygga gångtunnlar, öde platser och skadegörelse.',
    description_en: 'Dark places and broken lighting, overgrown vegetation, unsafe underpasses, desolate places and vandalism.',
    sort: 4,
    area: null,
    crew_focus: false,
    counts_development_links: false,
  },
];

type Cat = [code: string, challenge: ReferenceData['categories'][number]['challenge'], sv: string, en: string, radius: number, precision: number];
const CATEGORIES: Cat[] = [
  ['litter', 'renhallning', 'Nedskräpning', 'Litter', 30, 10],
  ['overfull_bin', 'renhallning', 'Full papperskorg', 'Overflowing bin', 20, 10],
  ['dumped_waste', 'renhallning', 'Dumpat avfall', 'Dumped waste', 50, 10],
  ['graffiti', 'renhallning', 'Klotter', 'Graffiti', 30, 10],
  ['broken_glass', 'renhallning', 'Krossat glas', 'Broken glass', 30, 10],
  ['syringes', 'renhallning', 'Sprutor', 'Syringes', 30, 50],
  ['planning_safety_concern', 'planering', 'Trygghetsaspekt i planarbetet', 'Safety concern in planning', 100, 50],
  ['speeding', 'trafik', 'Höga hastigheter', 'Speeding', 150, 25],
  ['dangerous_crossing', 'trafik', 'Farlig korsning eller övergång', 'Dangerous crossing', 50, 10],
  ['cycle_pedestrian_conflict', 'trafik', 'Konflikt mellan cyklister och gående', 'Cyclist–pedestrian conflict', 75, 10],
  ['blocked_sightline', 'trafik', 'Skymd sikt', 'Blocked sight line', 30, 10],
  ['parked_scooters', 'trafik', 'Felparkerade elsparkcyklar', 'Badly parked e-scooters', 30, 10],
  ['broken_lighting', 'befintlig_stad', 'Trasig belysning', 'Broken lighting', 30, 10],
  ['dark_place', 'befintlig_stad', 'Mörk plats', 'Dark place', 75, 25],
  ['overgrown_vegetation', 'befintlig_stad', 'Igenvuxen vegetation', 'Overgrown vegetation', 50, 10],
  ['unsafe_underpass', 'befintlig_stad', 'Otrygg gångtunnel', 'Unsafe underpass', 50, 25],
  ['desolate_place', 'befintlig_stad', 'Öde plats', 'Desolate place', 100, 50],
  ['vandalism', 'befintlig_stad', 'Skadegörelse', 'Vandalism', 30, 10],
];

const statuses: ReferenceData['statuses'] = [
  { code: 'new', group: 'open', name_sv: 'Ny', name_en: 'New', sort: 1, note_required: false, reopen_days: null },
  { code: 'confirmed', group: 'open', name_sv: 'Bekräftad', name_en: 'Confirmed', sort: 2, note_required: false, reopen_days: null },
  { code: 'in_progress', group: 'open', name_sv: 'Åtgärdas', name_en: 'In progress', sort: 3, note_required: false, reopen_days: null },
  { code: 'resolved', group: 'closed', name_sv: 'Åtgärdad', name_en: 'Resolved', sort: 4, note_required: false, reopen_days: 30 },
  { code: 'not_actionable', group: 'closed', name_sv: 'Ingen åtgärd möjlig', name_en: 'Not actionable', sort: 5, note_required: true, reopen_days: null },
  { code: 'duplicate', group: 'closed', name_sv: 'Dubblett', name_en: 'Duplicate', sort: 6, note_required: true, reopen_days: null },
  { code: 'referred', group: 'closed', name_sv: 'Hänvisad till annan aktör', name_en: 'Referred elsewhere', sort: 7, note_required: true, reopen_days: null },
];

/** The migration's rows (from, to, role), grouped per pair with the roles in list_categories' order. */
function transitions(): Transition[] {
  const rows: Array<[string, string, Transition['roles'][number]]> = [];
  rows.push(['new', 'confirmed', 'crew'], ['new', 'in_progress', 'crew'], ['confirmed', 'in_progress', 'crew']);
  for (const f of ['new', 'confirmed', 'in_progress'])
    for (const t of ['resolved', 'not_actionable', 'duplicate', 'referred']) rows.push([f, t, 'crew']);
  for (const f of ['new', 'confirmed']) rows.push([f, 'referred', 'planner']);
  rows.push(['resolved', 'confirmed', 'resident']);
  for (const f of statuses) for (const t of statuses) if (f.code !== t.code) rows.push([f.code, t.code, 'admin']);
  const order = ['resident', 'crew', 'planner', 'strategist', 'admin'];
  const sort = (code: string) => statuses.find((s) => s.code === code)!.sort;
  const byPair = new Map<string, Transition>();
  for (const [from, to, role] of rows) {
    const key = `${from}>${to}`;
    const t = byPair.get(key) ?? { from, to, roles: [] };
    t.roles.push(role);
    byPair.set(key, t);
  }
  return [...byPair.values()]
    .map((t) => ({ ...t, roles: [...t.roles].sort((a, b) => order.indexOf(a) - order.indexOf(b)) }))
    .sort((a, b) => sort(a.from) - sort(b.from) || sort(a.to) - sort(b.to));
}

/** The period in force of the seed (its id is made up here; nothing in the client reads it). */
const period: ReferenceData['period'] = { id: '00000000-0000-4000-8000-000000002020', name: 'Trygghetsstrategi 2020–', starts_on: '2020-01-01' };

export const REFERENCE: ReferenceData = {
  period,
  challenges,
  categories: CATEGORIES.map(([code, challenge, name_sv, name_en, duplicate_radius_m, public_precision_m], i) => ({
    code,
    challenge,
    name_sv,
    name_en,
    duplicate_radius_m,
    public_precision_m,
    sort: i + 1,
  })),
  statuses,
  transitions: transitions(),
};

/** The categories a fifth challenge takes over in `referenceWithFifthChallenge`. */
export const LIGHTING_CATEGORIES = ['broken_lighting', 'dark_place'];

/**
 * A revised strategy period for tests that nothing assumes four challenges: today's four plus a fifth, 'belysning'
 * (lighting, last in sort order), which takes the lighting categories. With `crewFocus` it is the crew's challenge
 * (crew_focus) instead of the first one.
 */
export function referenceWithFifthChallenge({ crewFocus = false }: { crewFocus?: boolean } = {}): ReferenceData {
  const fifth: ReferenceData['challenges'][number] = {
    code: 'belysning',
    name_sv: 'Belysning och mörka platser',
    name_en: 'Lighting and dark places',
    description_sv: 'Trasig belysning och mörka platser.',
    description_en: 'Broken lighting and dark places.',
    sort: 5,
    area: null,
    crew_focus: crewFocus,
    counts_development_links: false,
  };
  return {
    ...REFERENCE,
    period: { id: '00000000-0000-4000-8000-000000002027', name: 'Trygghetsstrategi 2027–', starts_on: '2027-01-01' },
    challenges: [...REFERENCE.challenges.map((c) => (crewFocus ? { ...c, crew_focus: false } : c)), fifth],
    categories: REFERENCE.categories.map((c) => (LIGHTING_CATEGORIES.includes(c.code) ? { ...c, challenge: fifth.code } : c)),
  };
}
