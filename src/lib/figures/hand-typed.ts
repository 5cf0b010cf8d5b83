/**
 * Finds result figures typed by hand in an MDX page: percentages and durations in seconds or
 * minutes outside code, outside `<V … />` (which renders them from src/data) and outside the
 * page's allow-list (figures that are not results, e.g. a dropout rate of 50 %).
 */
export function findHandTyped(mdx: string, allowed: readonly string[] = []): string[] {
  const prose = mdx
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, ' ') // fenced code: the cells' code, not prose
    .replace(/`[^`\n]*`/g, ' ') // inline code
    .replace(/<V\b[^>]*\/>/g, ' ') // figures bound to the data
    .replace(/^import .*$/gm, ' ');
  const number = String.raw`\d(?:[\d\u00A0\u202F ]*\d)?(?:[.,]\d+)?`;
  const pattern = new RegExp(String.raw`${number}[\u00A0\u202F ]?(?:%|s\b|min\b|secondes?\b|seconds?\b|minutes?\b)`, 'g');
  const found = [...prose.matchAll(pattern)].map((m) => m[0]);
  return found.filter((f) => !allowed.includes(f.replace(/[\u00A0\u202F]/g, ' ')));
}
