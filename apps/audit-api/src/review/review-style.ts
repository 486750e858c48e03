/**
 * The review page's styles, inline in both the served page and the `onus report` file (CSP
 * allows inline styles; a file handed out must need nothing else). Readable from a phone to
 * 1280 px and in print; parties are told apart by shape and pattern as well as colour.
 */
export const REVIEW_CSS = `
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --paper: #fff; --tint: #f3f4f6; --client: #0072B2; --mssp: #D55E00; --third: #009E73; --accent: #E69F00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main, .access, .page-footer { max-width: 75rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.4rem 0; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 0 0 0.4rem; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.88em; }
.hash, .event-id { word-break: break-all; }
#proof code { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; word-break: break-all; background: var(--tint); padding: 0.6rem; }
a { color: #004f7c; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 1rem 0 0; font-size: 0.85rem; }
.meta { color: var(--muted); }
.review-header nav { margin: 0.6rem 0; }
.primary-line { font-size: 1.25rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.tables { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.8rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--tint); }
tr.primary th { text-decoration: underline; }
table.events { font-size: 0.9rem; }
tr.is-evidence { background: #fff7e6; }
tr:target { outline: 3px solid var(--accent); background: #ffe7b3; }
.party-tag { font-weight: 600; }
.party-client { color: var(--client); } .party-mssp { color: #a34400; } .party-third_party { color: #00704f; }
.actor { color: var(--muted); }
.flag { color: #8a3b00; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--muted); padding: 0.7rem 0.9rem; margin: 0.8rem 0; break-inside: avoid; }
.party-findings:has(#findings-client-h) .finding { border-left-color: var(--client); border-left-style: solid; }
.party-findings:has(#findings-mssp-h) .finding { border-left-color: var(--mssp); border-left-style: double; }
.party-findings:has(#findings-third_party-h) .finding { border-left-color: var(--third); border-left-style: dashed; }
.finding .summary { font-size: 1.05rem; margin: 0.3rem 0 0.5rem; }
.finding .code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.finding .subject { color: var(--muted); font-weight: normal; }
.badge { font-size: 0.75rem; text-transform: uppercase; border: 1.5px solid currentColor; padding: 0 0.35rem; }
.causal { color: #8a3b00; }
.finding-facts { display: grid; grid-template-columns: repeat(4, max-content 1fr); gap: 0.2rem 0.6rem; margin: 0.4rem 0; }
.finding-facts dt { font-weight: 600; } .finding-facts dd { margin: 0; }
.evidence-h { margin: 0.4rem 0 0.1rem; font-weight: 600; }
.evidence { margin: 0; padding-left: 1.2rem; }
figure { margin: 1rem 0; }
.chart { width: 100%; height: auto; display: block; font-size: 12px; }
.chart .lane { fill: #fafafa; } .chart .lane.odd { fill: #f0f0f0; }
.chart .lane-label { font-size: 13px; font-weight: 600; fill: var(--ink); }
.chart .grid { stroke: #d9d9d9; stroke-width: 1; }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .deadline { stroke: #000; stroke-width: 1.5; stroke-dasharray: 3 2; }
.chart .break-line { fill: none; stroke: #777; stroke-width: 1.5; }
.chart .halo { fill: none; stroke: #000; stroke-width: 1.5; }
.chart .late-link { stroke: #000; stroke-dasharray: 2 2; }
.chart .late-label { font-size: 10px; fill: #8a3b00; font-weight: 600; }
.chart .contracted { fill: none; stroke: #000; stroke-width: 3; }
.chart .minimum { fill: none; stroke: #000; stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart .observed { fill: none; stroke: var(--client); stroke-width: 2; }
.chart .observed-dot { fill: var(--client); stroke: #fff; }
.chart .bar-value { font-size: 13px; fill: var(--ink); }
.chart a:focus .halo, .chart a:hover .halo { stroke: var(--accent); stroke-width: 3; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 0.85rem; color: var(--muted); }
.legend svg { vertical-align: middle; }
.legend .halo { fill: none; stroke: #000; stroke-width: 1.5; }
.access { padding-top: 1rem; }
.access form { display: grid; gap: 0.5rem; max-width: 40rem; }
.access input { font: inherit; padding: 0.5rem; border: 1px solid var(--muted); }
.access button, .forget-line button { font: inherit; padding: 0.45rem 0.9rem; border: 1px solid var(--ink); background: var(--ink); color: #fff; cursor: pointer; justify-self: start; }
.forget-line button { background: #fff; color: var(--ink); }
#status:empty { display: none; }
#status.error { color: #8a0000; font-weight: 600; }
.access.has-review form { display: none; }
.none { color: var(--muted); }
.page-footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); margin-top: 2rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  h1 { font-size: 1.3rem; }
  .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 0.4rem; }
  .finding-facts { grid-template-columns: max-content 1fr; }
  figure .chart { min-width: 36rem; }
  figure { overflow-x: auto; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main, .page-footer { max-width: none; padding: 0; }
  .access, nav, .forget-line { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  figure, table, .finding { break-inside: avoid; }
  tr.is-evidence, thead th, tr:target { background: none; outline: none; }
  details > pre { display: block; }
  .scroll { overflow: visible; }
  .chart { min-width: 0; }
  th, td { overflow-wrap: anywhere; padding: 0.2rem 0.3rem; }
  table.events { font-size: 8pt; width: 100%; }
}
`;
