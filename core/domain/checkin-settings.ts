/** How an exposure is decided (EXPOSURE_BUFFER_MIN, EXPOSURE_MIN_OVERLAP_MIN). */
export interface ExposureRules {
  /** Minutes after the case left during which arriving still counts (the air stays). */
  bufferMin: number;
  /** Least overlap, in minutes, that counts; 0 = any positive overlap (touching intervals never count). */
  minOverlapMin: number;
}

/** What check-in and exposure matching read at run time (from the environment, resolved once at start). */
export interface CheckinSettings {
  /** A stay without check-out lasts this long. */
  dwellMinutes: number;
  /** The key venue link tokens are signed with. */
  linkSecret: string;
  exposure: ExposureRules;
}
