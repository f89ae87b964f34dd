package dev.ibridge.cli;

/** Entry point of the {@code ibridge} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.in, System.out, System.err));
  }
}
