import assert from 'node:assert/strict';
import { renderChart, type ChartInput } from '../../server/charts/chart.js';
import { textWidth, wrapLabel } from '../../server/charts/text-width.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

function calls(extra: Partial<ChartInput> = {}): ChartInput {
  return {
    kind: 'bar',
    caption: 'Calls per day',
    categories: DAYS,
    categoryHeader: 'Day',
    series: [
      { name: 'Vietnam', values: [1, 2, 3, 4, 5] },
      { name: 'Kurdistan', values: [2, 0, 1, null, 3] },
    ],
    stacked: true,
    integers: true,
    lng: 'en',
    ...extra,
  };
}

/** Where each text of the picture stands: its words and the x of its anchor. */
function texts(svg: string): { text: string; x: number; anchor: string }[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => ({
    text: text!,
    x: Number(/translate\(([-\d.]+)/.exec(attributes!)?.[1] ?? NaN),
    anchor: /text-anchor="(\w+)"/.exec(attributes!)?.[1] ?? '',
  }));
}
const xOf = (svg: string, text: string) => texts(svg).find((t) => t.text === text)!.x;

describe('charts', () => {
  it('draws SVG markup only: no script, no handler, no animation, named by its caption', () => {
    const { svg } = renderChart(calls({ caption: 'Calls "this" week' }));
    assert.match(svg, /^<svg role="img" aria-label="Calls &quot;this&quot; week" direction="ltr"/);
    assert.match(svg, /<\/svg>$/);
    assert.doesNotMatch(svg, /<script|\son\w+=|javascript:|<animate|<foreignObject|<style|class="zr/i);
    for (const day of DAYS)
      assert.ok(
        texts(svg).some((t) => t.text === day),
        day,
      );
  });

  it("escapes people's text: a name that looks like markup stays text", () => {
    const chart = renderChart(
      calls({
        categories: ['<script>alert(1)</script>', 'Tue', 'Wed', 'Thu', 'Fri'],
        series: [{ name: '<img src=x onerror=alert(1)>', values: [1, 2, 3, 4, 5] }, calls().series[1]!],
        caption: '"><script>alert(1)</script>',
      }),
    );
    assert.doesNotMatch(chart.svg, /<script|<img/i);
    assert.match(chart.svg, /&lt;script&gt;/);
    assert.match(chart.svg, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(chart.svg, /aria-label="&quot;&gt;&lt;script&gt;/);
    // The table holds the text as it is: the template escapes it.
    assert.equal(chart.table.rows[0]!.header, '<script>alert(1)</script>');
  });

  it('writes a table with the same data: a row per category, a column per series and the total', () => {
    const { table } = renderChart(calls({ totalHeader: 'All' }));
    assert.deepEqual(table.columns, ['Day', 'Vietnam', 'Kurdistan', 'All']);
    assert.deepEqual(table.rows, [
      { header: 'Mon', cells: ['1', '2', '3'] },
      { header: 'Tue', cells: ['2', '0', '2'] },
      { header: 'Wed', cells: ['3', '1', '4'] },
      { header: 'Thu', cells: ['4', '', '4'] },
      { header: 'Fri', cells: ['5', '3', '8'] },
    ]);
  });

  it('reads right to left for Arabic and Kurdish: first day at the right, values on the right', () => {
    const ltr = renderChart(calls());
    const rtl = renderChart(calls({ lng: 'ar', numbering: 'latn' }));
    assert.equal(rtl.dir, 'rtl');
    assert.match(rtl.svg, /^<svg [^>]*direction="rtl"/);
    assert.ok(xOf(ltr.svg, 'Mon') < xOf(ltr.svg, 'Fri'));
    assert.ok(xOf(rtl.svg, 'Mon') > xOf(rtl.svg, 'Fri'), 'the first category stands at the right');
    // The value axis' labels stand beside the plot's right edge, past every bar.
    assert.ok(xOf(rtl.svg, '0') > xOf(rtl.svg, 'Mon'));
    assert.ok(xOf(ltr.svg, '0') < xOf(ltr.svg, 'Mon'));
    // The legend starts at the right: the first series' name right of the second's.
    assert.ok(xOf(rtl.svg, 'Vietnam') > xOf(rtl.svg, 'Kurdistan'));
    assert.equal(renderChart(calls({ lng: 'ckb' })).dir, 'rtl');
    assert.equal(renderChart(calls({ lng: 'ar', dir: 'ltr' })).dir, 'ltr');
  });

  it('keeps a label in place right to left: its anchor turned to the end that is now on the same side', () => {
    // The value axis' labels: left of the plot they end at its edge; right of it they start there,
    // and the start of a right-to-left text is its `end`.
    const ltr = renderChart(calls()).svg;
    const rtl = renderChart(calls({ lng: 'ar' })).svg;
    const zero = (svg: string) => texts(svg).find((t) => t.text === '0')!;
    assert.equal(zero(ltr).anchor, 'end');
    assert.equal(zero(rtl).anchor, 'end');
    assert.ok(zero(rtl).x > xOf(rtl, 'Mon'));
  });

  it('grows horizontal bars from the right, names at the right, right to left', () => {
    const input = calls({
      kind: 'horizontal-bar',
      categories: ['Registration', 'Signing in'],
      series: [{ name: 'Calls', values: [3, 1] }],
    });
    const ltr = renderChart(input);
    const rtl = renderChart({ ...input, lng: 'ar' });
    assert.ok(xOf(ltr.svg, 'Registration') < xOf(ltr.svg, '3'));
    assert.ok(xOf(rtl.svg, 'Registration') > xOf(rtl.svg, '3'));
    assert.ok(xOf(rtl.svg, '0') > xOf(rtl.svg, '3'), 'zero at the right, larger values leftwards');
  });

  it('writes numbers in the reader’s digits and its own way when told', () => {
    const arabic = renderChart(calls({ lng: 'ar', numbering: 'arab', totalHeader: 'المجموع' }));
    assert.ok(
      texts(arabic.svg).some((t) => t.text === '٤'),
      'Arabic-Indic digits on the axis',
    );
    assert.deepEqual(arabic.table.rows[4]!.cells, ['٥', '٣', '٨']);
    const hours = renderChart(
      calls({
        kind: 'line',
        integers: false,
        series: [{ name: 'Median', values: [1.25, 2.5, 0, 4, 3] }],
        format: (v) => `${v.toFixed(1)} h`,
      }),
    );
    assert.deepEqual(hours.table.rows[0]!.cells, ['1.3 h']);
    assert.ok(texts(hours.svg).some((t) => / h$/.test(t.text)));
    assert.match(hours.svg, /<path d="M[^"]+L/);
  });

  it('names every category even when there are many, wrapped between words', () => {
    const long = ['Bid submission and its receipt', 'Signing in and the password', 'تقديم العطاءات والإيصال'];
    const { svg } = renderChart(calls({ categories: long, series: [{ name: 'Calls', values: [1, 2, 3] }] }));
    const shown = texts(svg).map((t) => t.text);
    for (const word of ['Bid', 'password', 'العطاءات'])
      assert.ok(
        shown.some((t) => t.includes(word)),
        word,
      );
    assert.ok(
      shown.every((t) => t.split(' ').every((w) => long.join(' ').split(' ').includes(w) || /^[\d.]+$/.test(w))),
    );
  });

  it('measures and wraps labels between words, never inside an Arabic or Khmer word', () => {
    assert.ok(textWidth('ممم') < textWidth('국국국'), 'Arabic letters are narrower than Hangul');
    assert.equal(textWidth('ب\u064e'), textWidth('ب'), 'a vowel mark adds no width');
    assert.equal(wrapLabel('تسجيل الدخول وكلمة المرور', 90, 'ar', '13px sans-serif'), 'تسجيل الدخول\nوكلمة المرور');
    assert.equal(wrapLabel('Registration', 10, 'en'), 'Registration');
    // An opening bracket stays with its word.
    const wrapped = wrapLabel('Second step (authenticator codes)', 120, 'en', '13px sans-serif');
    assert.match(wrapped, /^Second step\n\(authenticator/);
    assert.doesNotMatch(wrapped, /\($/m);
    const khmer = wrapLabel('ការដាក់ពាក្យប្រកួតប្រជែង', 60, 'km', '13px sans-serif');
    assert.ok(khmer.includes('\n'), 'Khmer breaks between words (no spaces)');
    assert.equal(khmer.replace(/\n/g, ''), 'ការដាក់ពាក្យប្រកួតប្រជែង');
    for (const line of khmer.split('\n')) assert.doesNotMatch(line, /^[\u17b6-\u17d3]/, 'no line starts with a mark');
  });
});
