/**
 * Seeded generators of every model type, on the property-test engine ({@code dev.ibridge.property}):
 * core's own property and fuzz tests draw their values from here, and so do the conformance suite's
 * property checks, so both test the same spread of values.
 *
 * <p><b>No stability promise.</b> Like the rest of {@code dev.ibridge.internal}, this is not API for
 * tool authors; it may change or go away in any release without notice. It sits in core's main
 * code, not its tests, because the suite uses it at run time; core itself never calls it.
 */
package dev.ibridge.internal.gen;
