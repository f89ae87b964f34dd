package dev.ibridge.store;

/** What gc removed and what is left. Byte counts are file sizes. */
public record GcReport(
    int sessionsKept,
    long sessionsRemoved,
    long recordsRemoved,
    long blobsRemoved,
    long headsRemoved,
    long stagingFilesRemoved,
    long bytesFreed,
    long bytesRemaining) {}
