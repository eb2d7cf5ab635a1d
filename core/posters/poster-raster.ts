import { deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { A4 } from './venue-poster.js';

// 150 dpi: sharp enough to print and to scan the QR code from across a counter.
const PNG_WIDTH = 1240;

function render(svg: string) {
  // System fonts (DejaVu on Debian: `fonts-dejavu-core`) draw the text; the QR code is vector and needs none.
  return new Resvg(svg, { fitTo: { mode: 'width', value: PNG_WIDTH }, font: { loadSystemFonts: true } }).render();
}

/** The poster as a PNG image at 150 dpi. */
export function posterPng(svg: string): Buffer {
  return render(svg).asPng();
}

/**
 * The poster as a one-page A4 PDF holding the rendered page as an image: a minimal PDF 1.4 written by hand (catalog,
 * page, content stream, one Flate-compressed RGB image), so Vietnamese text prints exactly as in the PNG without
 * embedding a font.
 */
export function posterPdf(svg: string): Buffer {
  const image = render(svg);
  const rgb = Buffer.alloc(image.width * image.height * 3);
  const rgba = image.pixels;
  for (let source = 0, target = 0; source < rgba.length; source += 4, target += 3) {
    rgb[target] = rgba[source] ?? 255;
    rgb[target + 1] = rgba[source + 1] ?? 255;
    rgb[target + 2] = rgba[source + 2] ?? 255;
  }
  const pixels = deflateSync(rgb);
  const drawing = Buffer.from(`q ${A4.width} 0 0 ${A4.height} 0 0 cm /Poster Do Q`);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /XObject << /Poster 4 0 R >> >> /Contents 5 0 R >>`,
    ),
    stream(
      `/Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode`,
      pixels,
    ),
    stream('', drawing),
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    chunks.push(object);
    length += object.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
}

function stream(dictionary: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dictionary} /Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from('\nendstream'),
  ]);
}
