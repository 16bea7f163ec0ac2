/**
 * The application: start-up, and the wiring that every context shares (serialization, persistence, message
 * metadata, error responses, operations endpoints, security). It holds no domain rules; the contexts do.
 */
package app;
