/**
 * The golden vectors' values ({@link dev.ibridge.internal.vectors.VectorValues}) and the message
 * types they come in, each with its JSON form and codecs ({@link
 * dev.ibridge.internal.vectors.VectorType}). {@code ./regenerate} writes them to
 * {@code conformance-suite/vectors/}, the suite's vector checks send them to a testee, and core's
 * fuzz test starts from their encodings.
 *
 * <p><b>No stability promise.</b> Like the rest of {@code dev.ibridge.internal}, this is not API for
 * tool authors; it may change or go away in any release without notice.
 */
package dev.ibridge.internal.vectors;
