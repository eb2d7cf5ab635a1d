import QRCode from 'qrcode';

/** Everything a poster prints, already localized (the poster carries Vietnamese and English). */
export interface PosterContent {
  /** What the QR code holds: the bot's check-in deep link (or an SMS link when no chat bot is configured). */
  qrTarget: string;
  venueName: string;
  address: string;
  code: string;
  heading: string;
  /** Lines under the code: the SMS line, the Zalo line, the instructions in both languages. */
  lines: readonly string[];
}

// A4 in PDF points; the PNG and the PDF are rendered from this one SVG.
export const A4 = { width: 595, height: 842 } as const;
const QR_SIZE = 300;
const FONT = 'DejaVu Sans, Noto Sans, Arial, sans-serif';

/** The poster as an A4 SVG document with the QR code drawn as one vector path. */
export function venuePosterSvg(content: PosterContent): string {
  const qrTop = 200;
  const texts: string[] = [];
  let y = 70;
  const line = (text: string, size: number, weight = 'normal') => {
    for (const part of wrap(text, Math.floor(1000 / size))) {
      texts.push(
        `<text x="${A4.width / 2}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${escapeXml(part)}</text>`,
      );
      y += size * 1.3;
    }
  };
  line(content.heading, 26, 'bold');
  line(content.venueName, 22, 'bold');
  line(content.address, 14);
  y = qrTop + QR_SIZE + 40;
  line(content.code.replace(/(\d{3})(\d{3})/, '$1 $2'), 40, 'bold');
  for (const text of content.lines) line(text, 14);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${A4.width}" height="${A4.height}" viewBox="0 0 ${A4.width} ${A4.height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g font-family="${FONT}" fill="#000000">${texts.join('')}</g>`,
    qrPath(content.qrTarget, (A4.width - QR_SIZE) / 2, qrTop, QR_SIZE),
    '</svg>',
  ].join('\n');
}

/** The QR code's dark modules as one path, scaled to `size` points (a white quiet zone of 4 modules around it). */
function qrPath(text: string, x: number, y: number, size: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const unit = size / (count + 8);
  let d = '';
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
  }
  return `<g transform="translate(${x} ${y}) scale(${unit})"><rect width="${count + 8}" height="${count + 8}" fill="#ffffff"/><path d="${d}" fill="#000000" shape-rendering="crispEdges"/></g>`;
}

/** Greedy word wrap at `width` characters (venue names and addresses can be long). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
