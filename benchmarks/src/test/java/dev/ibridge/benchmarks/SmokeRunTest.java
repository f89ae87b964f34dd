package dev.ibridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark once, in this JVM, for one short iteration: it proves that each benchmark
 * starts, runs and reports a score. It checks nothing about speed.
 */
class SmokeRunTest {
  @Test
  void everyBenchmarkProducesAResult() throws Exception {
    Set<String> listed = listedBenchmarks();
    assertThat(listed)
        .as("benchmarks compiled into META-INF/BenchmarkList")
        .contains(
            RecordCodecBenchmark.class.getName() + ".jsonEncode",
            RecordCodecBenchmark.class.getName() + ".avroEncodeBare");

    Options smoke =
        new OptionsBuilder()
            .include(RecordCodecBenchmark.class.getPackageName().replace(".", "\\.") + "\\..*")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .param("units", "200")
            .timeUnit(TimeUnit.MICROSECONDS)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(smoke).run();

    Set<String> measured = new TreeSet<>();
    for (RunResult run : results) {
      String name = run.getParams().getBenchmark();
      Result<?> primary = run.getPrimaryResult();
      assertThat(primary.getSampleCount()).as("samples of %s", name).isPositive();
      assertThat(primary.getScore()).as("score of %s", name).isFinite().isPositive();
      measured.add(name);
    }
    assertThat(measured).isEqualTo(listed);
  }

  private static Set<String> listedBenchmarks() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Set<String> names = new TreeSet<>();
    for (BenchmarkListEntry entry :
        BenchmarkList.defaultList()
            .getAll(OutputFormatFactory.createFormatInstance(nowhere, VerboseMode.SILENT), List.of())) {
      names.add(entry.getUsername());
    }
    return names;
  }
}
