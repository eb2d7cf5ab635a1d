import { venueLinkToken } from './venue-codes.js';

export interface VenueLinkConfig {
  linkSecret: string;
  telegramBotUsername?: string | undefined;
  zaloOaId?: string | undefined;
  smsShortcode?: string | undefined;
}

export interface VenueLinks {
  token: string;
  /** t.me deep link: opening it sends `/start ci_<token>`, which checks the person in at once. */
  telegram?: string;
  /**
   * The OA's chat link. Zalo OA chat links carry no start payload we can rely on (unconfirmed), so the poster asks
   * Zalo users to send "CI <code>" in the chat, which the same keyword trigger handles.
   */
  zalo?: string;
  /** The SMS line printed on the poster. */
  smsText: string;
  /** What the poster's QR code holds: the Telegram link, else an SMS link pre-filled with "CI <code>". */
  qrTarget: string;
}

/** The ways to check in at a venue: deep links for the chat apps and the SMS keyword. */
export function venueLinks(config: VenueLinkConfig, venue: { id: string; code: string }): VenueLinks {
  const token = venueLinkToken(config.linkSecret, venue);
  const smsText = `CI ${venue.code}`;
  const telegram = config.telegramBotUsername
    ? `https://t.me/${config.telegramBotUsername}?start=ci_${token}`
    : undefined;
  const zalo = config.zaloOaId ? `https://zalo.me/${config.zaloOaId}` : undefined;
  return {
    token,
    ...(telegram ? { telegram } : {}),
    ...(zalo ? { zalo } : {}),
    smsText,
    qrTarget: telegram ?? `SMSTO:${config.smsShortcode ?? ''}:${smsText}`,
  };
}
