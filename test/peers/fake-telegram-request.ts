import type { IncomingMessage } from 'node:http';

/** A file in a multipart request: what arrived, not its bytes. */
export interface FakeUpload {
  field: string;
  filename: string;
  bytes: number;
}

/** Reads a Bot API call's parameters from the query and a JSON, form or multipart body; throws on malformed JSON. */
export async function readBotApiParameters(
  request: IncomingMessage,
): Promise<{ body: Record<string, unknown>; files: FakeUpload[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://fake').searchParams);
  if (type.startsWith('application/json')) {
    return { body: { ...query, ...(raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {}) }, files: [] };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '';
    const { fields, files } = parseMultipart(raw, boundary);
    return { body: decodeFormFields({ ...query, ...fields }), files };
  }
  const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  return { body: decodeFormFields({ ...query, ...form }), files: [] };
}

// In form bodies every value is a string; Telegram reads structured parameters (reply_markup, ...) as JSON.
function decodeFormFields(fields: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      if (!/^[[{]/.test(value)) return [key, value];
      try {
        return [key, JSON.parse(value)];
      } catch {
        return [key, value];
      }
    }),
  );
}

// Enough of RFC 7578 for telegraf's bodies. latin1 maps bytes 1:1 to characters, so offsets stay byte offsets.
function parseMultipart(raw: Buffer, boundary: string): { fields: Record<string, string>; files: FakeUpload[] } {
  const fields: Record<string, string> = {};
  const files: FakeUpload[] = [];
  const parts = `\r\n${raw.toString('latin1')}`.split(`\r\n--${boundary}`).slice(1);
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4);
    const name = /\bname="([^"]*)"/.exec(headers)?.[1];
    if (headerEnd < 0 || name === undefined) continue;
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename === undefined) fields[name] = Buffer.from(content, 'latin1').toString('utf8');
    else files.push({ field: name, filename, bytes: content.length });
  }
  return { fields, files };
}
