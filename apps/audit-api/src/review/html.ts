/** Markup that is already safe to put in a page: only {@link html} and {@link raw} make one. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Interpolated =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return (value as readonly Interpolated[]).map(render).join('');
  return escapeHtml(String(value as string | number | boolean));
}

/**
 * A template whose every interpolated value is escaped unless it is already {@link SafeHtml}:
 * the page is made of strings from the ledger (actors, titles, reasons), so escaping is the
 * default and trust is the exception that has to be spelled out.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup made here from constants (CSS, the page's own structure), never from the ledger. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A number for an SVG coordinate: two decimals are plenty at any print size. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}
