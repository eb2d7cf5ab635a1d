// Phone-like runs: +84 or 84 or 0 followed by 8–10 digits, allowing spaces, dots and dashes between groups.
const PHONE_LIKE = /(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\d])/g;

/** Masks every phone-like number in a text, keeping only its last 3 digits. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_LIKE, (match) => {
    const digits = match.replace(/\D/g, '');
    return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 3))}${digits.slice(-3)}`;
  });
}
