/**
 * Core code that this project's own conformance suite and tools share with the reference, so that
 * they reuse its hardened parts instead of copying them: the Avro bounds walk, the Avro data
 * model for the generated classes and the strict JSON reader and canonical writer.
 *
 * <p><b>No stability promise.</b> Nothing here is API for tool authors; it may change or go away
 * in any release without notice.
 */
package dev.ibridge.internal;
