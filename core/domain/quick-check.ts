import { recognizeNumber } from '../text/number.js';

/** Plausible bounds of a home reading: outside them it is a typing slip, asked again. */
export const TEMPERATURE_RANGE = { min: 34, max: 43 } as const;
export const SPO2_RANGE = { min: 50, max: 100 } as const;

/**
 * The one-message daily check "SK 37.8 96" (after the keyword): temperature then SpO2, the decimal written with
 * "." or ",". Undefined unless both are there and plausible.
 */
export function parseQuickCheck(argument: string): { temperature: number; spo2: number } | undefined {
  const parts = argument.trim().split(/\s+/);
  if (parts.length !== 2) return undefined;
  const temperature = recognizeNumber(parts[0] ?? '');
  const spo2 = recognizeNumber(parts[1] ?? '');
  if (temperature === undefined || spo2 === undefined || !Number.isInteger(spo2)) return undefined;
  if (temperature < TEMPERATURE_RANGE.min || temperature > TEMPERATURE_RANGE.max) return undefined;
  if (spo2 < SPO2_RANGE.min || spo2 > SPO2_RANGE.max) return undefined;
  return { temperature, spo2 };
}
