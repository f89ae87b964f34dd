package dev.ibridge.model;

/** What a journal event records: one of the four things that happen in a session. */
public sealed interface JournalEntry permits SessionStarted, SessionEnded, Requested, Emitted {}
