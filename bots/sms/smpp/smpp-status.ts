import smpp from 'smpp';

/** The SMPP 3.4 command_status values this service acts on. */
export const SMPP_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
  /** Our answer to a deliver_sm we could not store: a temporary error, so the SMSC delivers it again later. */
  ESME_RX_T_APPN: 0x64,
} as const;

const NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** "ESME_RTHROTTLED (0x58)" for logs and error messages. */
export function describeStatus(status: number): string {
  return `${NAMES.get(status) ?? 'UNKNOWN'} (0x${status.toString(16).padStart(2, '0')})`;
}

/** The status name alone, as a stable error code ("ESME_RSYSERR"); unknown ones by number. */
export function statusCode(status: number): string {
  return NAMES.get(status) ?? `SMPP_STATUS_${status}`;
}
