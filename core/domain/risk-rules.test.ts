import { describe, expect, it } from 'vitest';
import { assessRisk, type RiskRuleSet, ruleSetFor } from './risk-rules.js';

const TODAY = '2026-11-22';

describe('risk rules 2021-09-v1', () => {
  it.each([
    { description: 'nothing at all is low', symptoms: [], exposures: [], birthYear: 1990, level: 'low', reasons: [] },
    {
      description: 'an elderly person with nothing is low',
      symptoms: [],
      exposures: [],
      birthYear: 1940,
      level: 'low',
      reasons: [],
    },
    {
      description: 'fatigue alone is moderate',
      symptoms: ['fatigue'],
      exposures: [],
      birthYear: 1990,
      level: 'moderate',
      reasons: ['symptoms'],
    },
    {
      description: 'contact alone is moderate',
      symptoms: [],
      exposures: ['confirmedContact'],
      birthYear: 1990,
      level: 'moderate',
      reasons: ['contact'],
    },
    {
      description: 'abroad alone is moderate',
      symptoms: [],
      exposures: ['abroad'],
      birthYear: 1990,
      level: 'moderate',
      reasons: ['travel'],
    },
    {
      description: 'travel and a symptom that is not respiratory stays moderate',
      symptoms: ['fatigue'],
      exposures: ['outbreakArea'],
      birthYear: 1990,
      level: 'moderate',
      reasons: ['travel', 'symptoms'],
    },
    {
      description: 'any symptom after a confirmed contact is high',
      symptoms: ['soreThroat'],
      exposures: ['confirmedContact'],
      birthYear: 1990,
      level: 'high',
      reasons: ['symptomsAfterContact'],
    },
    {
      description: 'fever after an outbreak area is high',
      symptoms: ['fever'],
      exposures: ['outbreakArea'],
      birthYear: 1990,
      level: 'high',
      reasons: ['symptomsAfterTravel'],
    },
    {
      description: 'breathless at 65 is high',
      symptoms: ['breathlessness'],
      exposures: [],
      birthYear: 1961,
      level: 'high',
      reasons: ['breathlessElderly'],
    },
    {
      description: 'breathless at 64 is moderate',
      symptoms: ['breathlessness'],
      exposures: [],
      birthYear: 1962,
      level: 'moderate',
      reasons: ['symptoms'],
    },
    {
      description: 'several high rules are all named',
      symptoms: ['breathlessness'],
      exposures: ['confirmedContact', 'abroad'],
      birthYear: 1950,
      level: 'high',
      reasons: ['symptomsAfterContact', 'breathlessElderly', 'symptomsAfterTravel'],
    },
  ] as const)('$description', ({ symptoms, exposures, birthYear, level, reasons }) => {
    expect(assessRisk({ symptoms, exposures, birthYear, today: TODAY })).toEqual({
      level,
      ruleVersion: '2021-09-v1',
      reasons,
    });
  });
});

describe('rule versions', () => {
  const sets: RiskRuleSet[] = [
    { version: 'a', since: '2021-01-01', rules: [{ id: 'anyCough', level: 'high', when: { anySymptom: ['cough'] } }] },
    {
      version: 'b',
      since: '2022-01-01',
      rules: [{ id: 'anyCough', level: 'moderate', when: { anySymptom: ['cough'] } }],
    },
  ];

  it.each([
    { description: 'before the second set, the first applies', today: '2021-12-31', version: 'a', level: 'high' },
    { description: 'from its first day, the second applies', today: '2022-01-01', version: 'b', level: 'moderate' },
  ] as const)('$description', ({ today, version, level }) => {
    expect(ruleSetFor(today, sets).version).toBe(version);
    expect(assessRisk({ symptoms: ['cough'], exposures: [], birthYear: 1990, today }, sets)).toMatchObject({
      level,
      ruleVersion: version,
    });
  });
});
