// Runs every benchmark in turn; each prints one JSON line per figure.
import benchMetrics from './metrics.bench.js';
import benchOnnx from './onnx.bench.js';
import benchCosmos from './cosmos.bench.js';
import benchRepositories from './repositories.bench.js';
import benchRunContext from './run-context.bench.js';
import benchData from './data.bench.js';
import benchDrift from './drift.bench.js';
import benchMonitoring from './monitoring.bench.js';
import benchCli from './cli.bench.js';
import benchContainer from './container.bench.js';
import benchMlflow from './mlflow.bench.js';
import benchRemote from './remote.bench.js';

const started = Date.now();
for (const bench of [benchMetrics, benchRunContext, benchOnnx, benchMonitoring, benchCosmos, benchRepositories, benchData, benchDrift, benchMlflow, benchRemote, benchCli, benchContainer, (await import('./sql.bench.js')).default, (await import('./ui.bench.js')).default]) await bench();
console.log(JSON.stringify({ figure: 'bench.totalSeconds', value: Math.round((Date.now() - started) / 1000) }));
