import type { AlertLevel } from '../db/schema.js';

export const BOARD_COLOURS = ['red', 'amber', 'green'] as const;
export type BoardColour = (typeof BOARD_COLOURS)[number];

/** Where a monitored person stands, as the board reads it from their daily checks. */
export interface CaseStanding {
  /** The alert of their latest answered reading; null before the first answer. */
  lastAlert: AlertLevel | null;
  /** A check went unanswered past its reminder, and nothing was answered since. */
  overdue: boolean;
  /** That check went on unanswered past the escalation to ward staff. */
  escalated: boolean;
}

/**
 * The home-monitoring board's colour, the one rule the console and the API share: red when the latest reading shows
 * danger signs or a missed check was escalated; amber when a check is overdue or the latest reading is a warning;
 * green otherwise (answering on time, nothing alarming).
 */
export function boardColour(standing: CaseStanding): BoardColour {
  if (standing.lastAlert === 'emergency' || standing.escalated) return 'red';
  if (standing.overdue || standing.lastAlert === 'warning') return 'amber';
  return 'green';
}
