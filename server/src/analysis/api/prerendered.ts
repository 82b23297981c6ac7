/**
 * A chart's render made elsewhere — on another thread, while this one reads the chart as written —
 * handed to the analysis as plain data. Pure and never throws.
 *
 * Only a render that failed is carried: a failed render is read for its error alone (the rules
 * then judge the chart as written, the plan is the literal one with Helm's error), so its text,
 * error and warnings are all of it. A render that succeeded is not plain data yet (contexts of Go
 * values, parse trees, source maps as objects): `prerender` answers undefined and the analysis
 * renders the chart itself, with the same result either way.
 *
 * The answer is tied to the very input object whose texts were sent and to the render options'
 * key (as `renderChart` compares a previous render), so it is taken only for what it was made of.
 */
import type { RenderCache, RenderOptions } from './chartAnalysis';
import { renderChart, type ChartRender } from '../render/chart';
import type { ChartInput } from '../types';

/** A render that failed, as plain data (structured-clone safe). */
export interface FailedRender {
  /** What `helm template` printed before failing (usually nothing). */
  readonly text: string;
  /** What `helm template` prints after `Error: `. */
  readonly error: string;
  readonly warnings: readonly string[];
}

/** The render of `input` with `options` made elsewhere; `input` is the caller's own object, whose texts were rendered. */
export interface Prerendered {
  readonly input: ChartInput;
  readonly options: RenderOptions;
  readonly render: FailedRender;
}

/**
 * Renders `input` with `options` (the side that renders ahead): the plain answer when the render
 * fails, undefined when it renders (the taker renders itself then).
 */
export function prerender(input: ChartInput, options: RenderOptions): FailedRender | undefined {
  return prerenderEach(input, [options])[0];
}

/**
 * `prerender` with each of `options` in turn (a chart's values profiles); each render after the
 * first takes the template parses of the one before, which depend on the texts alone, so the
 * chart is parsed once (`renderChart`'s `previous`; the result is the same).
 *
 * `parsed`, when given, is called once every template is parsed and before any executes: the
 * chart is first rendered with nothing to execute (`execute: []`: every file parsed, as Helm
 * parses them all before it executes any), and the renders take those parses. A waiting taker
 * reads it as "the rest is execution" (cli/renderThread.ts).
 */
export function prerenderEach(input: ChartInput, options: readonly RenderOptions[], parsed?: () => void): (FailedRender | undefined)[] {
  let previous: ChartRender | undefined;
  if (parsed && options.length > 0) {
    // renderChart never throws.
    previous = renderChart(input, { ...options[0], execute: [] });
    parsed();
  }
  return options.map((each) => {
    try {
      const render = renderChart(input, each, previous);
      previous = render;
      if (render.error === undefined) return undefined;
      return { text: render.text, error: render.error, warnings: [...render.warnings] };
    } catch {
      return undefined;
    }
  });
}

/**
 * A render cache holding the prerendered render of `input` with `options`, when one of
 * `prerendered` was made of this input object with options of the same key; undefined otherwise
 * (the analysis renders itself). Give it to `createChartAnalysis` (or `analyzeProfiles` takes the
 * list itself).
 */
export function prerenderedCache(input: ChartInput, options: RenderOptions, prerendered: readonly Prerendered[] | undefined): RenderCache | undefined {
  try {
    if (!prerendered || prerendered.length === 0) return undefined;
    const key = JSON.stringify(options);
    const match = prerendered.find((entry) => entry.input === input && JSON.stringify(entry.options) === key);
    if (!match || typeof match.render?.error !== 'string') return undefined;
    // The shape renderChart gives a failed render, with the source it compares a previous render by.
    const last: ChartRender = { text: match.render.text, error: match.render.error, warnings: [...match.render.warnings], executed: [], source: { input, options: key } };
    return { last };
  } catch {
    return undefined;
  }
}
