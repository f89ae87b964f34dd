package dev.ibridge.conformance.checks;

import dev.ibridge.conformance.harness.Operation;
import java.util.Set;

/**
 * One executable conformance check. {@link #run} returns normally when the testee behaves as the
 * requirements say, throws {@link CheckFailure} (or any other exception, including the testee's
 * own {@link dev.ibridge.conformance.harness.TesteeException}) when it does not, and
 * {@link CheckSkipped} when the check cannot apply.
 */
public interface Check {
  CheckDescriptor descriptor();

  /** The harness operations the check calls; the check is skipped for a testee that does not list them all. */
  Set<Operation> operations();

  void run(CheckContext context) throws Exception;

  default String id() {
    return descriptor().id();
  }
}
