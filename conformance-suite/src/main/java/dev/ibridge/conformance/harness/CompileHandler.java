package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import java.util.List;

/**
 * The runner's side of a Compile call during run-activity: the deterministic outputs of one facet
 * of one subject. Throws {@link IllegalArgumentException} when the request does not fit the
 * workspace (unknown subject or facet, inputs that are not the subject's sources); the testee then
 * gets an ErrorReply REJECTED.
 */
@FunctionalInterface
public interface CompileHandler {
  List<ComputedOutput> compile(Subject subject, Facet facet, KeyMaterial keyMaterial);
}
