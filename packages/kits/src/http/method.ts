// The server kit names methods exactly as the client kit does (OpenTelemetry's known-method set).
export { KNOWN_HTTP_METHODS, OTHER_METHOD } from '../shared/http-method.js';
