package dev.ibridge.model;

import java.util.List;

/**
 * The pre-image of an output fingerprint: the observable outputs of one record, strictly sorted by
 * name in code point order. {@link #canonical} sorts them for callers that collect them in any order.
 */
public record OutputManifest(int protocolMajor, List<ObservableOutput> outputs) {
  public OutputManifest {
    StoreHeader.checkUInt16(protocolMajor, "protocolMajor");
    outputs = Canonical.requireSorted(outputs, ObservableOutput.ORDER, Limits.MAX_OUTPUTS, "outputs");
  }

  /** Builds a manifest for the current protocol major, sorting {@code outputs} by name. */
  public static OutputManifest canonical(List<ObservableOutput> outputs) {
    return new OutputManifest(ProtocolVersion.MAJOR, Canonical.sort(outputs, ObservableOutput.ORDER));
  }
}
