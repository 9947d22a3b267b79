export { createExampleFolder, type ExampleFolder } from './example-folder.js';
export { deployedFileNames } from './deployed-files.js';
export { buildMLOpsFromEnvironment } from './mlops-from-environment.js';
export { loadPenguins, type Penguin } from './penguins.js';
export { splitRows } from './split-rows.js';
export { readVegaDatasetJson, readVegaDatasetText } from './vega-datasets.js';
