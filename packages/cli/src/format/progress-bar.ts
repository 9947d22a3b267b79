import cliProgress from 'cli-progress';
import prettyBytes from 'pretty-bytes';

/** Reports bytes transferred so far; `finish` stops the bar (on success or failure). */
export interface TransferProgressBar {
  update(bytes: number, totalBytes?: number): void;
  finish(): void;
}

const none: TransferProgressBar = { update: () => undefined, finish: () => undefined };

/**
 * A progress bar with bytes, rate and ETA on stderr (cli-progress), only when stderr is a
 * terminal: in a pipe, a file or CI there is no bar at all.
 *
 * @param label What moves, e.g. "model.onnx".
 */
export function createTransferProgressBar(isTerminal: boolean, label: string, totalBytes: number | undefined): TransferProgressBar {
  if (!isTerminal) return none;
  const startedAt = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: (options, params, payload: { label: string }) => {
        const elapsedSeconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
        const rate = params.value / elapsedSeconds;
        const total = params.total > 0 ? params.total : undefined;
        const eta = total === undefined || rate <= 0 ? '-' : `${Math.max(0, Math.round((total - params.value) / rate))}s`;
        const barText = total === undefined ? '' : `${cliProgress.Format.BarFormat(params.progress, options)} ${String(Math.floor(params.progress * 100)).padStart(3)}% `;
        const size = total === undefined ? prettyBytes(params.value) : `${prettyBytes(params.value)} / ${prettyBytes(total)}`;
        return `${payload.label} ${barText}${size}  ${prettyBytes(rate)}/s  ETA ${eta}`;
      },
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes ?? 0, 0, { label });
  return {
    update(bytes, total) {
      if (total !== undefined && total !== bar.getTotal()) bar.setTotal(total);
      bar.update(bytes);
    },
    finish() {
      bar.stop();
    },
  };
}
