package dev.ibridge.cli;

/** Prints a session journal (an Avro object container of journal events). */
final class Journals {
  private Journals() {}

  static int print(Input input, Io io) {
    throw Failure.input(
        input.source(),
        "is a session journal (an Avro object container file); this build cannot read journals yet");
  }
}
