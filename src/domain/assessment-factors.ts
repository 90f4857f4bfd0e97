/**
 * The safety-assessment factors for planned developments (BoTryggt2030 and CPTED), mirrored from the fixed
 * list in SQL (docs/api-planning.md, `api.save_assessment`). The codes are the contract; the labels and
 * guiding questions live here, not in a locale file, so the list and its wording cannot drift apart.
 */
export const ASSESSMENT_FACTORS = [
  'belysning',
  'siktlinjer',
  'mix_funktioner',
  'orienterbarhet',
  'social_kontroll',
  'skotsel',
  'trafiksakerhet_gangstrak',
] as const;
export type AssessmentFactor = (typeof ASSESSMENT_FACTORS)[number];

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const ASSESSMENT_NOTE_MAX = 2000;

interface FactorText {
  label: string;
  question: string;
}

export const ASSESSMENT_FACTOR_TEXT: Record<AssessmentFactor, { sv: FactorText; en: FactorText }> = {
  belysning: {
    sv: {
      label: 'Belysning',
      question: 'Är gångstråk, entréer och mötesplatser jämnt belysta så att ansikten går att känna igen på håll?',
    },
    en: {
      label: 'Lighting',
      question: 'Are paths, entrances and meeting places evenly lit so that faces can be recognised at a distance?',
    },
  },
  siktlinjer: {
    sv: {
      label: 'Siktlinjer och överblickbarhet',
      question: 'Kan man se långt framåt och runt sig, utan skymda hörn, tunnlar eller täta buskage?',
    },
    en: {
      label: 'Sight lines and overview',
      question: 'Can people see ahead and around them, without hidden corners, tunnels or dense shrubbery?',
    },
  },
  mix_funktioner: {
    sv: {
      label: 'Mix av funktioner',
      question: 'Blandas bostäder, service och verksamheter så att platsen används under dygnets alla timmar?',
    },
    en: {
      label: 'Mix of uses',
      question: 'Do housing, services and businesses mix so that the place is used around the clock?',
    },
  },
  orienterbarhet: {
    sv: {
      label: 'Tydlighet och orienterbarhet',
      question: 'Är det lätt att hitta rätt, se vart vägen leder och veta var man är?',
    },
    en: {
      label: 'Legibility and wayfinding',
      question: 'Is it easy to find the way, see where a path leads and know where you are?',
    },
  },
  social_kontroll: {
    sv: {
      label: 'Social kontroll',
      question: 'Vetter fönster och entréer mot gator och platser så att någon ser och kan hjälpa?',
    },
    en: {
      label: 'Natural surveillance',
      question: 'Do windows and entrances face streets and places so that someone sees and can help?',
    },
  },
  skotsel: {
    sv: {
      label: 'Skötsel och förvaltning',
      question: 'Finns en plan och ansvarig för städning, klotter, trasig belysning och växtlighet?',
    },
    en: {
      label: 'Maintenance and management',
      question: 'Is there a plan and an owner for cleaning, graffiti, broken lights and vegetation?',
    },
  },
  trafiksakerhet_gangstrak: {
    sv: {
      label: 'Trafiksäkerhet och gångstråk',
      question: 'Är gång- och cykelstråk separerade, sammanhängande och säkra att korsa?',
    },
    en: {
      label: 'Traffic safety and walking routes',
      question: 'Are walking and cycling routes separated, continuous and safe to cross?',
    },
  },
};

export function isAssessmentFactor(value: unknown): value is AssessmentFactor {
  return typeof value === 'string' && (ASSESSMENT_FACTORS as readonly string[]).includes(value);
}

export function factorText(factor: AssessmentFactor, lang: string): FactorText {
  const texts = ASSESSMENT_FACTOR_TEXT[factor];
  return lang.startsWith('en') ? texts.en : texts.sv;
}
