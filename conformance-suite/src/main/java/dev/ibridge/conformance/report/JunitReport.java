package dev.ibridge.conformance.report;

import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.RunResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML ({@code conformance-junit.xml}), the format CI systems show: one test
 * suite, one test case per check (class name: the level and requirement, name: the check), and
 * for each failure its requirement link and message.
 */
public final class JunitReport {
  public static final String FILE = "conformance-junit.xml";

  private JunitReport() {}

  public static String render(RunResult run) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuite");
      w.writeAttribute("name", "ibridge conformance: " + run.testee());
      w.writeAttribute("tests", String.valueOf(run.results().size() + (run.harnessError().isPresent() ? 1 : 0)));
      w.writeAttribute("failures", String.valueOf(run.failed() + run.requiredUnsupported().size()));
      w.writeAttribute("skipped", String.valueOf(run.skipped() - run.requiredUnsupported().size()
          + run.count(CheckResult.Status.EXPECTED_FAILURE)));
      w.writeAttribute("errors", run.harnessError().isPresent() ? "1" : "0");
      w.writeAttribute("time", seconds(run.seconds()));
      w.writeCharacters("\n");
      w.writeStartElement("properties");
      property(w, "seed", String.valueOf(run.seed()));
      property(w, "scenarios", String.valueOf(run.scenarios()));
      w.writeEndElement();
      w.writeCharacters("\n");
      if (run.harnessError().isPresent()) {
        w.writeStartElement("testcase");
        w.writeAttribute("classname", "ibridge.conformance");
        w.writeAttribute("name", "harness");
        w.writeAttribute("time", seconds(0));
        w.writeStartElement("error");
        w.writeAttribute("message", firstLine(run.harnessError().get()));
        w.writeAttribute("type", "HARNESS_ERROR");
        w.writeCharacters(run.harnessError().get());
        w.writeEndElement();
        w.writeEndElement();
        w.writeCharacters("\n");
      }
      for (CheckResult r : run.results()) {
        String id = r.check().id();
        int cut = id.lastIndexOf('.');
        w.writeStartElement("testcase");
        w.writeAttribute("classname", id.substring(0, cut));
        w.writeAttribute("name", id.substring(cut + 1));
        w.writeAttribute("time", seconds(r.seconds()));
        String link = run.link(r.check().requirements().get(0));
        switch (r.status()) {
          case FAILED, UNEXPECTED_PASS -> {
            w.writeStartElement("failure");
            w.writeAttribute("message", link + " " + firstLine(r.message()));
            w.writeAttribute("type", r.status().name());
            w.writeCharacters("requirement: " + link + "\n" + r.message());
            w.writeEndElement();
          }
          case UNSUPPORTED -> {
            w.writeStartElement(r.check().level() == dev.ibridge.conformance.checks.Level.REQUIRED ? "failure" : "skipped");
            w.writeAttribute("message", link + " not run: " + r.message());
            if (r.check().level() == dev.ibridge.conformance.checks.Level.REQUIRED) {
              w.writeAttribute("type", r.status().name());
            }
            w.writeEndElement();
          }
          case SKIPPED -> {
            w.writeStartElement("skipped");
            w.writeAttribute("message", link + " " + firstLine(r.message()));
            w.writeEndElement();
          }
          case EXPECTED_FAILURE -> {
            w.writeStartElement("skipped");
            w.writeAttribute("message", "expected failure (" + r.expectedReason().orElse("no reason given") + "): "
                + link + " " + firstLine(r.message()));
            w.writeCharacters(r.message());
            w.writeEndElement();
          }
          case PASSED -> { }
        }
        w.writeEndElement();
        w.writeCharacters("\n");
      }
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot render the JUnit report", e);
    }
    return out.toString();
  }

  private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeEmptyElement("property");
    w.writeAttribute("name", name);
    w.writeAttribute("value", value);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  public static Path write(RunResult run, Path dir) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(FILE), render(run));
  }
}
