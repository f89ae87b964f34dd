package dev.ibridge.store;

import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Subject;

/** One stored record, as {@link Store#list} shows it. {@code head} when it is its subject's latest. */
public record RecordSummary(
    Facet facet,
    Digest inputKey,
    Subject subject,
    Producer producer,
    int outputs,
    long outputBytes,
    Digest outputFingerprint,
    boolean head) {}
