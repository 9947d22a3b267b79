export { exportStore } from './export-store.js';
export { importStore, verifyArchive } from './import-store.js';
export { archiveFormat, archiveFormatVersion, type ArchiveManifest } from './archive-format.js';
export type { ArchiveContext, ArchiveOptions, ArchiveProgress, ArchiveSummary } from './archive-context.js';
