import type { AlertLevel } from '../db/schema.js';

export interface Reading {
  temperature: number | null;
  spo2: number | null;
  breathingDifficulty: boolean | null;
  chestPain: boolean | null;
}

export interface MonitoringAlert {
  level: AlertLevel;
  reasons: string[];
}

// Thresholds of the provincial home-care guidance for F0/F1 people isolating at home.
const SPO2_EMERGENCY_BELOW = 94;
const SPO2_WARNING_UP_TO = 95;
const FEVER_ABOVE = 38.5;
const FEVER_DAYS = 3;

/**
 * The alert a day's reading raises. `earlier` are the previous days' readings, newest first, for the fever that
 * lasts: above 38.5 °C today and on the two days before.
 */
export function alertFor(today: Reading, earlier: readonly Reading[]): MonitoringAlert {
  const emergency: string[] = [];
  const warning: string[] = [];
  if (today.spo2 !== null && today.spo2 < SPO2_EMERGENCY_BELOW) emergency.push('spo2Low');
  else if (today.spo2 !== null && today.spo2 <= SPO2_WARNING_UP_TO) warning.push('spo2Borderline');
  if (today.breathingDifficulty) emergency.push('breathingDifficulty');
  if (today.chestPain) emergency.push('chestPain');
  const lastDays = [today, ...earlier.slice(0, FEVER_DAYS - 1)];
  if (lastDays.length === FEVER_DAYS && lastDays.every((day) => (day.temperature ?? 0) > FEVER_ABOVE)) {
    warning.push('feverPersisting');
  }
  if (emergency.length > 0) return { level: 'emergency', reasons: [...emergency, ...warning] };
  if (warning.length > 0) return { level: 'warning', reasons: warning };
  return { level: 'none', reasons: [] };
}
