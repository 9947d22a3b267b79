import { useQueries } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { api, toNumber } from '../api/api-client.js';
import type { MetricPoint } from '../api/api-types.js';
import { smooth } from './smoothing.js';

/** One line of a chart: a run's metric. */
export interface ChartSeries {
  runId: string;
  label: string;
}

/** The x range shown, in steps; null: everything. */
export type StepRange = { min: number; max: number } | null;

export interface MetricChartProps {
  metricKey: string;
  series: ChartSeries[];
  zoom: StepRange;
  onZoom: (range: StepRange) => void;
  isLogScale: boolean;
  smoothing: number;
  height?: number;
}

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
// Width is rounded so that small resizes do not read the history again.
const widthStep = 100;

/**
 * A line chart of one metric over steps for one or more runs (uPlot on a canvas). Each run's
 * history is read down-sampled to the chart's pixel width (4 points, first, last, lowest and
 * highest, per pixel column: maxPoints = 4 × width), so a million steps cost what a thousand
 * do; dragging zooms in and reads the zoomed range again at full detail; a double click
 * zooms out.
 */
export function MetricChart({ metricKey, series, zoom, onZoom, isLogScale, smoothing, height = 240 }: MetricChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  // The width is read before the first paint, so the history request leaves in the same task
  // as the chart's first render instead of a frame later when the ResizeObserver reports.
  useLayoutEffect(() => {
    const element = container.current!;
    const update = (contentWidth: number) => {
      const next = Math.max(widthStep, Math.floor(contentWidth / widthStep) * widthStep);
      setWidth((current) => (current === next ? current : next));
    };
    update(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => update(entry!.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const maxPoints = Math.max(4, width * 4);
  const histories = useQueries({
    queries: series.map((line) => ({
      queryKey: ['history', line.runId, metricKey, zoom?.min ?? null, zoom?.max ?? null, maxPoints],
      enabled: width > 0,
      staleTime: 60_000,
      placeholderData: (previous: { metrics: MetricPoint[] } | undefined) => previous,
      queryFn: ({ signal }: { signal: AbortSignal }) => {
        const range = zoom === null ? '' : `&startStep=${Math.floor(zoom.min)}&endStep=${Math.ceil(zoom.max)}`;
        return api<{ metrics: MetricPoint[] }>(`/runs/${encodeURIComponent(line.runId)}/metric-history?key=${encodeURIComponent(metricKey)}&maxPoints=${maxPoints}${range}`, { signal });
      },
    })),
  });
  const isReady = width > 0 && histories.every((history) => history.data !== undefined);
  const errors = histories.filter((history) => history.isError).map((history) => (history.error as Error).message);

  useEffect(() => {
    if (!isReady) return;
    // Each chart draws in a task of its own, so a page of many charts never blocks for long.
    const handle = setTimeout(() => draw(), 0);
    return () => clearTimeout(handle);
  }, [isReady, histories.map((history) => history.dataUpdatedAt).join(), width, height, isLogScale, smoothing, zoom?.min, zoom?.max, series.map((line) => line.label).join()]);
  useEffect(() => () => chart.current?.destroy(), []);

  function draw(): void {
    if (container.current === null) return;
    const tables = histories.map((history) => toColumns(history.data!.metrics, isLogScale));
    const joined = tables.length === 1 ? tables[0]! : uPlot.join(tables as unknown as AlignedData[]);
    const data: AlignedData = [joined[0]!, ...joined.slice(1).map((values) => smooth(values as (number | null)[], smoothing))];
    const options: Options = {
      width,
      height,
      scales: { x: { time: false, ...(zoom === null ? {} : { min: zoom.min, max: zoom.max }) }, y: isLogScale ? { distr: 3 } : {} },
      axes: [{ label: 'step', stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } }, { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 60 }],
      // A history of a few points shows them; a long one is a line.
      series: [{ label: 'step' }, ...series.map((line, index) => ({ label: line.label, stroke: palette[index % palette.length], width: 1.5, spanGaps: true, points: { show: data[0].length <= 50 } }))],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      hooks: {
        setSelect: [
          (plot: uPlot) => {
            if (plot.select.width < 2) return;
            const min = plot.posToVal(plot.select.left, 'x');
            const max = plot.posToVal(plot.select.left + plot.select.width, 'x');
            plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoom({ min: Math.max(0, Math.floor(min)), max: Math.ceil(max) });
          },
        ],
      },
    };
    // Zooming reads new data, so the chart keeps the scale it is given instead of its own.
    options.cursor!.drag!.setScale = false;
    chart.current?.destroy();
    const plot = new uPlot(options, data, container.current!);
    chart.current = plot;
    // Tests and scripts read what is drawn from the element: element.uplot.data.
    (container.current as HTMLDivElement & { uplot?: uPlot }).uplot = plot;
    container.current!.dataset.drawn = String(performance.now());
  }

  return (
    <figure className="chart card" aria-label={`Chart of ${metricKey}`}>
      <figcaption className="chart-title">
        <strong>{metricKey}</strong>
        {zoom === null ? null : (
          <button type="button" className="link-button" onClick={() => onZoom(null)}>
            Reset zoom (steps {zoom.min}–{zoom.max})
          </button>
        )}
      </figcaption>
      {errors.length > 0 ? <p role="alert" className="error">{errors[0]}</p> : null}
      <div ref={container} data-chart={metricKey} onDoubleClick={() => onZoom(null)} style={{ minHeight: height + 40 }} />
    </figure>
  );
}

/** A history as uPlot columns: steps, and values with NaN, ±∞ (and ≤ 0 on a log scale) as gaps. */
function toColumns(points: readonly MetricPoint[], isLogScale: boolean): [number[], (number | null)[]] {
  const steps: number[] = [];
  const values: (number | null)[] = [];
  let previousStep = Number.NEGATIVE_INFINITY;
  for (const point of points) {
    const value = toNumber(point.value);
    // uPlot needs increasing x: of points logged at the same step, the last one is drawn.
    if (point.step === previousStep) values[values.length - 1] = finite(value, isLogScale);
    else {
      steps.push(point.step);
      values.push(finite(value, isLogScale));
    }
    previousStep = point.step;
  }
  return [steps, values];
}

function finite(value: number, isLogScale: boolean): number | null {
  return Number.isFinite(value) && (!isLogScale || value > 0) ? value : null;
}
