package dev.ibridge.conformance.checks;

import dev.ibridge.conformance.harness.Operation;
import java.util.Objects;
import java.util.Set;

/** A check that plays one fixed scenario. */
public final class ExampleCheck implements Check {
  /** The scenario: throws when the testee breaks a requirement. */
  @FunctionalInterface
  public interface Body {
    void run(CheckContext context) throws Exception;
  }

  private final CheckDescriptor descriptor;
  private final Set<Operation> operations;
  private final Body body;

  public ExampleCheck(CheckDescriptor descriptor, Set<Operation> operations, Body body) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.operations = Set.copyOf(operations);
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public CheckDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public Set<Operation> operations() {
    return operations;
  }

  @Override
  public void run(CheckContext context) throws Exception {
    context.countScenario();
    body.run(context);
  }
}
