export { createTrackingServer, type TrackingServer } from './tracking-server.js';
export type { RequestLimits, ServerTimeouts, TrackingServerOptions } from './server-options.js';
export type { ServerToken, TokenScope } from './http/bearer-tokens.js';
export { httpStatusByCode } from './http/error-mapping.js';
export { readServerConfiguration, type ServerConfiguration } from './server-configuration.js';
