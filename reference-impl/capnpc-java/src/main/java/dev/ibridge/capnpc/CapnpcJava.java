package dev.ibridge.capnpc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: reads a CodeGeneratorRequest on standard input and writes Java.
 *
 * <pre>
 * capnp compile -o- schema.capnp | java -cp ... dev.ibridge.capnpc.CapnpcJava --package com.example [--class Name]
 *     writes the Java file for the one requested schema file to standard output
 * capnp compile -o- a.capnp b.capnp | java -cp ... dev.ibridge.capnpc.CapnpcJava --package com.example --out src
 *     writes src/com/example/A.java and src/com/example/B.java
 * </pre>
 *
 * To use it as a capnp plugin ({@code capnp compile -ocapnpc-java schema.capnp}), put on the PATH
 * an executable {@code capnpc-java} script that runs this class with the options above.
 */
public final class CapnpcJava {
  private static final String USAGE = """
      usage: CapnpcJava --package PACKAGE [--class CLASS] [--out DIR] < CodeGeneratorRequest
        --package PACKAGE  Java package of the generated class (required)
        --class CLASS      name of the outer class; default from the schema file name
                           (ibridge.capnp gives Ibridge); only with one requested file
        --out DIR          write DIR/<package path>/<CLASS>.java for each requested file;
                           without it the one requested file goes to standard output
      """;

  private CapnpcJava() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command with standard input as the request; returns the exit status. */
  static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    String javaPackage = null;
    String outerClass = null;
    Path outDir = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        stderr.println("missing value after " + arg + "\n" + USAGE);
        return 2;
      }
      switch (arg) {
        case "--package" -> javaPackage = args[++i];
        case "--class" -> outerClass = args[++i];
        case "--out" -> outDir = Path.of(args[++i]);
        default -> {
          stderr.println("unknown option " + arg + "\n" + USAGE);
          return 2;
        }
      }
    }
    if (javaPackage == null) {
      stderr.println("--package is required\n" + USAGE);
      return 2;
    }
    try {
      Schema schema = Schema.read(Channels.newChannel(System.in));
      if (outDir == null && schema.requestedFiles().size() != 1) {
        stderr.println("the request names " + schema.requestedFiles().size()
            + " files; standard output takes exactly one, use --out DIR for several");
        return 2;
      }
      if (outerClass != null && schema.requestedFiles().size() != 1) {
        stderr.println("--class needs exactly one requested file");
        return 2;
      }
      List<Generated> files = new ArrayList<>();
      for (Schema.RequestedFile file : schema.requestedFiles()) {
        String cls = outerClass != null ? outerClass : Names.outerClassFor(file.filename());
        files.add(new Generated(cls, JavaGenerator.generate(schema, file.id(), javaPackage, cls)));
      }
      if (outDir == null) {
        OutputStream o = stdout;
        o.write(files.get(0).source().getBytes(StandardCharsets.UTF_8));
        o.flush();
        return 0;
      }
      Path dir = outDir.resolve(javaPackage.replace('.', '/'));
      Files.createDirectories(dir);
      for (Generated g : files) {
        Files.writeString(dir.resolve(g.outerClass() + ".java"), g.source(), StandardCharsets.UTF_8);
      }
      return 0;
    } catch (UnsupportedSchemaException e) {
      stderr.println("capnpc-java: " + e.getMessage());
      return 1;
    } catch (IOException | RuntimeException e) {
      stderr.println("capnpc-java: cannot read the CodeGeneratorRequest: " + e);
      return 1;
    }
  }

  private record Generated(String outerClass, String source) {}
}
