/**
 * The one chart helper: a chart drawn on the server as SVG markup (ECharts' server-side renderer,
 * no script, no animation) with the same data as a table, which a screen reader reads and which
 * views/partials/chart.hbs shows beside the picture. Charts read in the reader's direction: for
 * Arabic and Kurdish the categories run from right to left, the value axis stands on the right
 * and the legend starts at the right. Names in a chart come from people (tenant names, topics):
 * ECharts writes text content escaped, and the caption goes into an attribute escaped here.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatNumber } from '../i18n/format.js';
import { directionOf, type Language } from '../i18n/languages.js';
import { textWidth, wrapLabel } from './text-width.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);
// Without a canvas ECharts guesses every non-Latin letter a full em wide; Arabic, Khmer and
// Korean labels then take far more room than they need (text-width.ts measures them closer).
echarts.setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: textWidth(text, font) }) });

/** The page's fonts (public/app.css), so a chart's labels look like the text around it. */
const FONT_FAMILY = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Khmer', 'Noto Sans KR', system-ui, sans-serif";
const INK = '#1a1a1a';
const RULE = '#d0d4da';
const LABEL_SIZE = 13;
/** Room for Khmer's stacked vowels and subscripts above and below a line. */
const LINE_HEIGHT = 21;
const LEGEND_ROW = 26;
const SWATCH = 18;
const ITEM_GAP = 16;
/**
 * Series colours told apart without colour vision (Okabe and Ito's palette, yellow left out for
 * its contrast on white), darkest first.
 */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#882255', '#44aa99'];

export type ChartKind = 'bar' | 'horizontal-bar' | 'line';

export interface ChartSeries {
  name: string;
  /** One value per category, in the categories' order; null where there is none. */
  values: (number | null)[];
}

export interface ChartInput {
  kind: ChartKind;
  /** What the chart shows, in a sentence: the figure's caption and the picture's accessible name. */
  caption: string;
  /** The categories along the category axis (days, topics, tenants), already in the reader's words. */
  categories: string[];
  /** The header of the table's first column, the one that names the categories. */
  categoryHeader: string;
  series: ChartSeries[];
  /** Bars of several series stacked on one another instead of side by side. */
  stacked?: boolean;
  /** When given, the table ends with a column of each row's sum, under this header. */
  totalHeader?: string;
  /** Only whole numbers on the value axis (counts). */
  integers?: boolean;
  lng: Language;
  /** The reading direction; by default the language's. */
  dir?: 'ltr' | 'rtl';
  /** Arabic-Indic digits or Latin ones, for the default formatter. */
  numbering?: 'latn' | 'arab';
  /** How a value is written on the axis and in the table; by default a number in the reader's language. */
  format?: (value: number) => string;
  width?: number;
  height?: number;
}

export interface ChartTable {
  /** The column headers: the category header, each series' name, the total's header when asked for. */
  columns: string[];
  /** One row per category: its name (a row header) and its values written out. */
  rows: { header: string; cells: string[] }[];
}

export interface Chart {
  caption: string;
  dir: 'ltr' | 'rtl';
  /** The picture, an <svg> element with role="img" and the caption as its name. */
  svg: string;
  table: ChartTable;
  /** Where the table goes: beside the picture while it is narrow (up to three columns), else under it. */
  layout: 'beside' | 'below';
}

const escapeAttribute = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The table beside the chart: the same numbers, written as the axis writes them. */
function tableOf(input: ChartInput, format: (value: number) => string): ChartTable {
  const { categories, series, categoryHeader, totalHeader } = input;
  return {
    columns: [categoryHeader, ...series.map((s) => s.name), ...(totalHeader ? [totalHeader] : [])],
    rows: categories.map((header, i) => {
      const values = series.map((s) => s.values[i] ?? null);
      const total = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
      return {
        header,
        cells: [...values.map((v) => (v === null ? '' : format(v))), ...(totalHeader ? [format(total)] : [])],
      };
    }),
  };
}

/** The legend's entries packed into rows as wide as the chart; none for a single series. */
function legendRows(series: ChartSeries[], width: number): string[][] {
  if (series.length < 2) return [];
  const rows: string[][] = [[]];
  let used = 0;
  for (const { name } of series) {
    const wide = SWATCH + 5 + textWidth(name, `${LABEL_SIZE}px sans-serif`) + ITEM_GAP;
    // A margin for ECharts' own padding: a row it found too wide it would wrap over the next.
    if (used + wide > width - 32 && rows.at(-1)!.length > 0) {
      rows.push([]);
      used = 0;
    }
    rows.at(-1)!.push(name);
    used += wide;
  }
  return rows;
}

/** ECharts' options for the chart: no animation, no interaction, mirrored for right-to-left. */
function optionsOf(
  input: ChartInput,
  size: { width: number; rtl: boolean; legend: string[][]; categories: string[] },
  format: (value: number) => string,
): echarts.EChartsCoreOption {
  const { rtl } = size;
  const horizontal = input.kind === 'horizontal-bar';
  const label = { color: INK, fontSize: LABEL_SIZE, lineHeight: LINE_HEIGHT, fontFamily: FONT_FAMILY };
  const categoryAxis = {
    type: 'category',
    data: size.categories,
    // Right to left, the first category stands at the right; top to bottom in either direction.
    inverse: horizontal ? true : rtl,
    position: horizontal ? (rtl ? 'right' : 'left') : 'bottom',
    axisTick: { show: false },
    axisLine: { lineStyle: { color: INK } },
    // Every name shown, wrapped between words (text-width.ts) instead of colliding with the next.
    axisLabel: { ...label, interval: 0 },
  };
  const valueAxis = {
    type: 'value',
    inverse: horizontal && rtl,
    position: horizontal ? 'bottom' : rtl ? 'right' : 'left',
    minInterval: input.integers ? 1 : 0,
    splitLine: { lineStyle: { color: RULE } },
    axisLabel: { ...label, formatter: (value: number) => format(value) },
  };
  const side = rtl ? 'right' : 'left';
  return {
    animation: false,
    silent: true,
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    // A legend per row (legendRows): right to left each row starts at the right, its first entry
    // there, each swatch right of its name; ECharts' own wrapping would read rows left to right.
    legend: size.legend.map((row, i) => ({
      show: true,
      top: i * LEGEND_ROW,
      [side]: 0,
      // The room ECharts packs the row into (without it, measured from the other side, it can
      // find too little and wrap the row over the next).
      width: size.width - 16,
      align: side,
      data: rtl ? [...row].reverse() : row,
      itemWidth: SWATCH,
      itemHeight: 12,
      itemGap: ITEM_GAP,
      textStyle: label,
    })),
    grid: { top: size.legend.length * LEGEND_ROW + 16, bottom: 8, left: 8, right: 8 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: input.series.map((s) => ({
      type: input.kind === 'line' ? 'line' : 'bar',
      name: s.name,
      data: s.values,
      ...(input.stacked ? { stack: 'all' } : {}),
      ...(input.kind === 'line' ? { symbolSize: 7, lineStyle: { width: 3 } } : { barMaxWidth: 48 }),
      emphasis: { disabled: true },
    })),
  };
}

/**
 * The markup ECharts wrote, made to read in `dir` wherever it is put: the root names its
 * direction and the caption. Right to left, a text anchored at its start must keep its place, so
 * each anchor is turned to its other end (an RTL text's end is its left edge).
 */
function finishSvg(svg: string, dir: 'ltr' | 'rtl', caption: string): string {
  // ECharts' hover styles (a <style> element and its classes) serve a chart one can point at;
  // this one is a picture, and a page's stylesheet should not grow with each chart on it.
  const still = svg.replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '').replace(/ class="zr\d+-cls-\d+"/g, '');
  const named = still.replace(
    /^<svg /,
    `<svg role="img" aria-label="${escapeAttribute(caption)}" direction="${dir}" class="chart__picture" `,
  );
  if (dir === 'ltr') return named;
  return named.replace(
    /<text ([^>]*?)text-anchor="(start|end)"/g,
    (_all, before: string, anchor: string) => `<text ${before}text-anchor="${anchor === 'start' ? 'end' : 'start'}"`,
  );
}

/** Draws a chart and writes its table. */
/** About what a table beside a picture can hold across, in characters of its widest row. */
const BESIDE_CHARACTERS = 42;

/** The characters across the table: each column's longest text, added up. */
function tableCharacters(table: ChartTable): number {
  const widths = table.columns.map((c) => c.length);
  for (const row of table.rows) {
    widths[0] = Math.max(widths[0] ?? 0, row.header.length);
    row.cells.forEach((cell, i) => (widths[i + 1] = Math.max(widths[i + 1] ?? 0, cell.length)));
  }
  return widths.reduce((sum, w) => sum + w, 0);
}

export function renderChart(input: ChartInput): Chart {
  const dir = input.dir ?? directionOf(input.lng);
  const format = input.format ?? ((value: number) => formatNumber(value, input.lng, input.numbering));
  const horizontal = input.kind === 'horizontal-bar';
  const width = input.width ?? 640;
  const legend = legendRows(input.series, width);
  // Room for a category's name: a share of the plot across (less the value axis's widest label,
  // which an amount makes long), a fixed column beside it.
  const largest = Math.max(0, ...input.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const valueLabels = textWidth(format(largest), `${LABEL_SIZE}px sans-serif`);
  const room = horizontal ? 160 : Math.max(48, (width - 40 - valueLabels) / Math.max(1, input.categories.length) - 16);
  const categories = input.categories.map((name) => wrapLabel(name, room, input.lng, `${LABEL_SIZE}px sans-serif`));
  // A bar across for each category, as tall as its longest name needs.
  const lines = Math.max(1, ...categories.map((name) => name.split('\n').length));
  const band = Math.max(36, lines * LINE_HEIGHT + 10);
  const height =
    input.height ??
    legend.length * LEGEND_ROW + (horizontal ? 56 + band * input.categories.length : 300 + lines * LINE_HEIGHT);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const table = tableOf(input, format);
    chart.setOption(optionsOf(input, { width, rtl: dir === 'rtl', legend, categories }, format));
    return {
      caption: input.caption,
      dir,
      svg: finishSvg(chart.renderToSVGString(), dir, input.caption),
      table,
      layout: table.columns.length > 3 || tableCharacters(table) > BESIDE_CHARACTERS ? 'below' : 'beside',
    };
  } finally {
    // A chart left undisposed keeps a timer alive.
    chart.dispose();
  }
}
