import type { VenueLinks } from '../domain/venue-links.js';
import type { Translator } from '../i18n/translator.js';
import type { PosterContent } from './venue-poster.js';

/** The poster's texts: Vietnamese first, then English, for one venue and its links. */
export function posterContent(
  translator: Translator,
  venue: { name: string; address: string; code: string },
  links: VenueLinks,
  smsShortcode: string | undefined,
): PosterContent {
  const both = (key: string, vars: Record<string, string> = {}) => [
    translator.t('vi', key, vars),
    translator.t('en', key, vars),
  ];
  const sms = smsShortcode
    ? both('poster:sms', { code: venue.code, shortcode: smsShortcode })
    : both('poster:smsNoShortcode', { code: venue.code });
  const zalo = links.zalo ? both('poster:zalo', { code: venue.code, link: links.zalo.replace(/^https:\/\//, '') }) : [];
  return {
    qrTarget: links.qrTarget,
    venueName: venue.name,
    address: venue.address,
    code: venue.code,
    heading: both('poster:heading').join(' / '),
    lines: [...sms, ...zalo, ...both('poster:instruction')],
  };
}
