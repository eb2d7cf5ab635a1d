import QRCode from 'qrcode';
import type { OutboundImage } from '../channels/contract.js';

/**
 * A QR code as a PNG reply image. Error correction "M" survives a creased printout or a cracked phone screen
 * at staff scanners while keeping receipts (short codes, links) small enough to scan from arm's length.
 */
export async function qrImage(text: string, alt: string): Promise<OutboundImage> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360 });
  return { pngBase64: png.toString('base64'), alt };
}
