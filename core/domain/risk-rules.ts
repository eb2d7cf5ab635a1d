import type { RiskLevel } from '../db/schema.js';

export const SYMPTOMS = ['fever', 'cough', 'breathlessness', 'soreThroat', 'lossOfTasteSmell', 'fatigue'] as const;
export const EXPOSURES = ['confirmedContact', 'outbreakArea', 'abroad'] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export type Exposure = (typeof EXPOSURES)[number];

/** A condition of a rule, kept as data so health officials can read (and version) what decides a level. */
export type RiskCondition =
  | { anySymptom: readonly Symptom[] }
  | { anyExposure: readonly Exposure[] }
  | { ageAtLeast: number }
  | { all: readonly RiskCondition[] };

export interface RiskRule {
  /** Stored with the declaration as the reason, so staff see why. */
  id: string;
  level: Exclude<RiskLevel, 'low'>;
  when: RiskCondition;
}

export interface RiskRuleSet {
  version: string;
  /** From this day (Vietnam date) the set applies; the newest set in force wins. */
  since: string;
  rules: readonly RiskRule[];
}

const ANY_SYMPTOM: readonly Symptom[] = SYMPTOMS;
const RESPIRATORY: readonly Symptom[] = ['fever', 'cough', 'breathlessness', 'lossOfTasteSmell'];

/** Every rule set ever used, oldest first; a declaration names the version it was scored with. */
export const RISK_RULE_SETS: readonly RiskRuleSet[] = [
  {
    version: '2021-09-v1',
    since: '2021-09-01',
    rules: [
      {
        id: 'symptomsAfterContact',
        level: 'high',
        when: { all: [{ anySymptom: ANY_SYMPTOM }, { anyExposure: ['confirmedContact'] }] },
      },
      {
        id: 'breathlessElderly',
        level: 'high',
        when: { all: [{ anySymptom: ['breathlessness'] }, { ageAtLeast: 65 }] },
      },
      {
        id: 'symptomsAfterTravel',
        level: 'high',
        when: { all: [{ anySymptom: RESPIRATORY }, { anyExposure: ['outbreakArea', 'abroad'] }] },
      },
      { id: 'contact', level: 'moderate', when: { anyExposure: ['confirmedContact'] } },
      { id: 'travel', level: 'moderate', when: { anyExposure: ['outbreakArea', 'abroad'] } },
      { id: 'symptoms', level: 'moderate', when: { anySymptom: ANY_SYMPTOM } },
    ],
  },
];

export interface RiskInput {
  symptoms: readonly string[];
  exposures: readonly string[];
  birthYear: number;
  /** Vietnam date (YYYY-MM-DD) of the declaration: picks the rule set and gives the age. */
  today: string;
}

export interface RiskAssessment {
  level: RiskLevel;
  ruleVersion: string;
  /** Ids of every rule at the chosen level that matched. */
  reasons: string[];
}

/** The rule set in force on a day. */
export function ruleSetFor(today: string, sets: readonly RiskRuleSet[] = RISK_RULE_SETS): RiskRuleSet {
  const inForce = sets.filter((set) => set.since <= today).at(-1) ?? sets[0];
  if (!inForce) throw new Error('no risk rule set defined');
  return inForce;
}

/** Scores a declaration: the highest level among the rules that match, or low. */
export function assessRisk(input: RiskInput, sets: readonly RiskRuleSet[] = RISK_RULE_SETS): RiskAssessment {
  const set = ruleSetFor(input.today, sets);
  const matched = set.rules.filter((rule) => holds(rule.when, input));
  const level: RiskLevel = matched.some((rule) => rule.level === 'high')
    ? 'high'
    : matched.length > 0
      ? 'moderate'
      : 'low';
  return {
    level,
    ruleVersion: set.version,
    reasons: matched.filter((rule) => rule.level === level).map((rule) => rule.id),
  };
}

function holds(condition: RiskCondition, input: RiskInput): boolean {
  if ('all' in condition) return condition.all.every((part) => holds(part, input));
  if ('anySymptom' in condition) return condition.anySymptom.some((symptom) => input.symptoms.includes(symptom));
  if ('anyExposure' in condition) return condition.anyExposure.some((exposure) => input.exposures.includes(exposure));
  return Number(input.today.slice(0, 4)) - input.birthYear >= condition.ageAtLeast;
}

/** The colour a receipt shows for each level (what checkpoint staff look for). */
export const RISK_COLOURS: Readonly<Record<RiskLevel, 'green' | 'yellow' | 'red'>> = {
  low: 'green',
  moderate: 'yellow',
  high: 'red',
};
