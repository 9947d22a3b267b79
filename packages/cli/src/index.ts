export { runCli } from './run-cli.js';
export { exitCodes, exitCodeOf, type ExitCodeName } from './exit-codes.js';
export { exportStore, importStore, verifyArchive, archiveFormat, archiveFormatVersion, type ArchiveContext, type ArchiveManifest, type ArchiveOptions, type ArchiveProgress, type ArchiveSummary } from './archive/index.js';
