import { describe, expect, it } from 'vitest';
import { alertFor, type Reading } from './monitoring-alerts.js';

const calm: Reading = { temperature: 36.8, spo2: 98, breathingDifficulty: false, chestPain: false };
const fever = (temperature: number): Reading => ({ ...calm, temperature });

describe('monitoring escalation rules', () => {
  it.each([
    { description: 'a calm day raises nothing', today: calm, earlier: [], level: 'none', reasons: [] },
    {
      description: 'SpO2 93 is an emergency',
      today: { ...calm, spo2: 93 },
      earlier: [],
      level: 'emergency',
      reasons: ['spo2Low'],
    },
    {
      description: 'SpO2 94 is a warning',
      today: { ...calm, spo2: 94 },
      earlier: [],
      level: 'warning',
      reasons: ['spo2Borderline'],
    },
    {
      description: 'SpO2 95 is a warning',
      today: { ...calm, spo2: 95 },
      earlier: [],
      level: 'warning',
      reasons: ['spo2Borderline'],
    },
    { description: 'SpO2 96 is fine', today: { ...calm, spo2: 96 }, earlier: [], level: 'none', reasons: [] },
    {
      description: 'no SpO2 reading raises nothing by itself',
      today: { ...calm, spo2: null },
      earlier: [],
      level: 'none',
      reasons: [],
    },
    {
      description: 'breathing difficulty is an emergency',
      today: { ...calm, breathingDifficulty: true },
      earlier: [],
      level: 'emergency',
      reasons: ['breathingDifficulty'],
    },
    {
      description: 'chest pain is an emergency',
      today: { ...calm, chestPain: true },
      earlier: [],
      level: 'emergency',
      reasons: ['chestPain'],
    },
    {
      description: 'fever on two days is not yet a warning',
      today: fever(39),
      earlier: [fever(39)],
      level: 'none',
      reasons: [],
    },
    {
      description: 'fever above 38.5 on three days is a warning',
      today: fever(38.6),
      earlier: [fever(39), fever(38.9)],
      level: 'warning',
      reasons: ['feverPersisting'],
    },
    {
      description: 'exactly 38.5 does not count',
      today: fever(38.5),
      earlier: [fever(39), fever(39)],
      level: 'none',
      reasons: [],
    },
    {
      description: 'a cool day in between breaks the run',
      today: fever(39),
      earlier: [fever(37), fever(39), fever(39)],
      level: 'none',
      reasons: [],
    },
    {
      description: 'an emergency keeps the warnings as reasons',
      today: { ...fever(39), spo2: 92 },
      earlier: [fever(39), fever(39)],
      level: 'emergency',
      reasons: ['spo2Low', 'feverPersisting'],
    },
  ] as const)('$description', ({ today, earlier, level, reasons }) => {
    expect(alertFor(today, earlier)).toEqual({ level, reasons });
  });
});
