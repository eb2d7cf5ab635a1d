// GSM 03.38 default alphabet, one septet per octet (unpacked), as SMPP carries data_coding 0: encoded for what we
// send, decoded for what handsets send us.

// The default alphabet in code order, 0x00–0x7F; 0x1B is the escape into the extension table.
const GSM_DEFAULT = Array.from(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_CODE = new Map(GSM_DEFAULT.map((char, code) => [char, code]));
const GSM_ESCAPE = 0x1b;
const GSM_EXTENSION = new Map<string, number>([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);
const GSM_EXTENSION_CHAR = new Map([...GSM_EXTENSION].map(([char, code]) => [code, char]));
const GSM_QUESTION_MARK = 0x3f;

/**
 * GSM 03.38 septets, one per octet (unpacked), as SMSCs expect for data_coding 0. Encoded here rather than by the
 * smpp library, which picks its table from a process-wide setting and labels GSM text 0x01 (IA5) unless told.
 */
export function encodeGsm7(text: string): Buffer {
  const septets: number[] = [];
  for (const char of text) {
    const extension = GSM_EXTENSION.get(char);
    if (extension !== undefined) septets.push(GSM_ESCAPE, extension);
    else septets.push(GSM_CODE.get(char) ?? GSM_QUESTION_MARK);
  }
  return Buffer.from(septets);
}

/**
 * The text of unpacked GSM 03.38 septets. An octet above 0x7F (no septet) reads as a space and an escape before a
 * code the extension table lacks stays in the text, as the smpp library has always decoded them for us.
 */
export function decodeGsm7(octets: Buffer): string {
  let text = '';
  for (let index = 0; index < octets.length; index += 1) {
    const code = octets[index] as number;
    const extension = code === GSM_ESCAPE ? GSM_EXTENSION_CHAR.get(octets[index + 1] ?? -1) : undefined;
    if (extension !== undefined) {
      text += extension;
      index += 1;
    } else {
      text += GSM_DEFAULT[code] ?? ' ';
    }
  }
  return text;
}
