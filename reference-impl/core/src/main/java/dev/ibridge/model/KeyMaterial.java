package dev.ibridge.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything an input key is derived from. The lists must be in canonical order with no
 * duplicates; {@link #canonical} sorts them for callers that build material in any order.
 */
public record KeyMaterial(
    int protocolMajor,
    Subject subject,
    Facet facet,
    Toolchain toolchain,
    List<ConfigEntry> config,
    List<DirectInput> inputs,
    List<Read> reads) {

  public KeyMaterial {
    StoreHeader.checkUInt16(protocolMajor, "protocolMajor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(toolchain, "toolchain");
    config = Canonical.requireSorted(config, ConfigEntry.ORDER, Limits.MAX_CONFIG_ENTRIES, "config");
    inputs = Canonical.requireSorted(inputs, DirectInput.ORDER, Limits.MAX_INPUTS, "inputs");
    reads = Canonical.requireSorted(reads, Read.ORDER, Limits.MAX_READS, "reads");
  }

  /** Builds material for the current protocol major, sorting the lists into canonical order. */
  public static KeyMaterial canonical(
      Subject subject,
      Facet facet,
      Toolchain toolchain,
      List<ConfigEntry> config,
      List<DirectInput> inputs,
      List<Read> reads) {
    return new KeyMaterial(
        ProtocolVersion.MAJOR,
        subject,
        facet,
        toolchain,
        Canonical.sort(config, ConfigEntry.ORDER),
        Canonical.sort(inputs, DirectInput.ORDER),
        Canonical.sort(reads, Read.ORDER));
  }
}
