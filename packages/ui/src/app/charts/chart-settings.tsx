import { useId } from 'react';
import { useUrlState } from '../routing/hash-location.js';
import type { StepRange } from './metric-chart.js';

/** The charts' shared settings, in the URL: zoom=<min>~<max>, log=1, smooth=<0..0.99>. */
export function useChartSettings() {
  const [state, setState] = useUrlState();
  const zoomText = state.get('zoom');
  const match = zoomText === null ? null : /^(\d+)~(\d+)$/.exec(zoomText);
  const zoom: StepRange = match ? { min: Number(match[1]), max: Number(match[2]) } : null;
  const smoothing = Math.min(0.99, Math.max(0, Number(state.get('smooth') ?? 0) || 0));
  return {
    zoom,
    isLogScale: state.get('log') === '1',
    smoothing,
    setZoom: (range: StepRange) => setState({ zoom: range === null ? null : `${range.min}~${range.max}` }),
    setLogScale: (isLog: boolean) => setState({ log: isLog ? '1' : null }),
    setSmoothing: (value: number) => setState({ smooth: value === 0 ? null : String(value) }),
  };
}

/** Log scale and smoothing for every chart of the page; drag a chart to zoom, double-click to zoom out. */
export function ChartControls({ settings }: { settings: ReturnType<typeof useChartSettings> }) {
  const smoothingId = useId();
  return (
    <div className="chart-controls">
      <label className="inline">
        <input type="checkbox" checked={settings.isLogScale} onChange={(event) => settings.setLogScale(event.target.checked)} /> Log scale
      </label>
      <label htmlFor={smoothingId}>Smoothing</label>
      <input id={smoothingId} type="range" min={0} max={0.99} step={0.01} value={settings.smoothing} onChange={(event) => settings.setSmoothing(Number(event.target.value))} />
      <output htmlFor={smoothingId}>{settings.smoothing.toFixed(2)}</output>
      <span className="muted">Drag across a chart to zoom in; double-click to zoom out.</span>
    </div>
  );
}
