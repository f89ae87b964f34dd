package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.activity.WorkspaceJson;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Subject;
import dev.ibridge.protocol.ActivityReport;
import dev.ibridge.protocol.BlobAnswer;
import dev.ibridge.protocol.BlobQuery;
import dev.ibridge.protocol.Compile;
import dev.ibridge.protocol.CompileReply;
import dev.ibridge.protocol.DeriveKey;
import dev.ibridge.protocol.DeriveKeyReply;
import dev.ibridge.protocol.Emit;
import dev.ibridge.protocol.EmitReply;
import dev.ibridge.protocol.ErrorKind;
import dev.ibridge.protocol.ErrorReply;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.HeadsAnswer;
import dev.ibridge.protocol.HeadsQuery;
import dev.ibridge.protocol.Hello;
import dev.ibridge.protocol.HelloReply;
import dev.ibridge.protocol.OutputFingerprint;
import dev.ibridge.protocol.OutputFingerprintReply;
import dev.ibridge.protocol.ReadStore;
import dev.ibridge.protocol.ReadStoreReply;
import dev.ibridge.protocol.RecordAnswer;
import dev.ibridge.protocol.RecordQuery;
import dev.ibridge.protocol.Request;
import dev.ibridge.protocol.RequestReply;
import dev.ibridge.protocol.RunActivity;
import dev.ibridge.protocol.Shutdown;
import dev.ibridge.store.EmitResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A testee in another process, spoken to through the harness protocol over its standard input and
 * output. The process is started on first use and kept for every call; standard error is drained
 * into a bounded log.
 *
 * <p>The runner never hangs and survives any testee: every write and every wait for a frame is
 * bounded by the per-call timeout. A testee that exits during a call gets
 * {@link TesteeFailure#RUNTIME_ERROR}, one that does not answer in time is killed and gets
 * {@link TesteeFailure#TIMEOUT}, one that sends an unparsable, oversized or unexpected frame is
 * killed and gets {@link TesteeFailure#PROTOCOL_ERROR}; the next call starts a fresh process. A
 * testee that speaks another harness schema or version gets {@link TesteeFailure#VERSION_MISMATCH}
 * at its first frame, for that call and every later one, without further restarts. Processes
 * (with their descendants) are killed on {@link #close} and, failing that, when the JVM exits.
 */
public final class SubprocessTestee implements Testee {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  /** How long a report waits, after the testee exited, for its standard error to be read to the end. */
  private static final Duration STDERR_DRAIN_WAIT = Duration.ofSeconds(2);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(SubprocessTestee::destroyTree), "testee-reaper"));
  }

  /**
   * How to run the testee: the per-call timeout, the framing, the working directory (empty: the
   * runner's), where each line of the testee's standard error goes, and how much of it to keep
   * for failure reports.
   */
  public record Options(
      Duration callTimeout,
      Duration startTimeout,
      HarnessFraming framing,
      Optional<Path> workingDirectory,
      Consumer<String> stderr,
      int stderrTailBytes) {
    /** The default per-call timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time a fresh process has to answer hello (a JVM or an interpreter starts slowly). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public Options {
      Objects.requireNonNull(framing, "framing");
      Objects.requireNonNull(workingDirectory, "workingDirectory");
      Objects.requireNonNull(stderr, "stderr");
      requirePositive(callTimeout, "call timeout");
      requirePositive(startTimeout, "start timeout");
      if (stderrTailBytes < 1) {
        throw new IllegalArgumentException("stderrTailBytes must be positive, got " + stderrTailBytes);
      }
    }

    private static void requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
      }
    }

    /** Binary framing, a 10 s call timeout, 30 s to start, standard error kept (last 16 KiB) but not forwarded. */
    public static Options defaults() {
      return new Options(DEFAULT_TIMEOUT, DEFAULT_START_TIMEOUT, HarnessFraming.BINARY, Optional.empty(), line -> {}, 16 * 1024);
    }

    public Options withTimeout(Duration timeout) {
      return new Options(timeout, startTimeout, framing, workingDirectory, stderr, stderrTailBytes);
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(callTimeout, timeout, framing, workingDirectory, stderr, stderrTailBytes);
    }

    public Options withFraming(HarnessFraming newFraming) {
      return new Options(callTimeout, startTimeout, newFraming, workingDirectory, stderr, stderrTailBytes);
    }

    public Options withStderr(Consumer<String> sink) {
      return new Options(callTimeout, startTimeout, framing, workingDirectory, sink, stderrTailBytes);
    }
  }

  private final List<String> command;
  private final Options options;
  private Child child;
  private TesteeInfo info;
  private TesteeException versionFailure;
  private int starts;
  private Process latest;

  public SubprocessTestee(List<String> command, Options options) {
    this.command = List.copyOf(command);
    if (this.command.isEmpty()) {
      throw new IllegalArgumentException("the testee command is empty");
    }
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A testee run by {@code /bin/sh -c command}, as {@code --testee "CMD"} gives it. */
  public static SubprocessTestee shell(String command, Options options) {
    return new SubprocessTestee(List.of("/bin/sh", "-c", command), options);
  }

  /** The exit status of the latest testee process, once it has ended. */
  public Optional<Integer> exitStatus() {
    return latest == null || latest.isAlive() ? Optional.empty() : Optional.of(latest.exitValue());
  }

  /** How many testee processes have been started so far. */
  public int starts() {
    return starts;
  }

  /**
   * The last bytes the current or latest testee process wrote to standard error; once that process
   * has exited, everything it wrote (the drain is waited for, briefly).
   */
  public String stderrTail() {
    return child == null ? "" : child.stderrTail();
  }

  @Override
  public TesteeInfo hello() throws TesteeException {
    ready();
    return info;
  }

  @Override
  public KeyDerivation deriveKey(KeyMaterial keyMaterial) throws TesteeException {
    DeriveKeyReply r = call("derive-key", new DeriveKey(HarnessMapper.toAvro(keyMaterial)), DeriveKeyReply.class);
    return decoded("derive-key", () -> new KeyDerivation(HarnessMapper.fromAvro(r.getInputKey()), HarnessMapper.optionalBytes(r.getCanonicalBytes())));
  }

  @Override
  public Fingerprint outputFingerprint(List<Output> outputs) throws TesteeException {
    OutputFingerprintReply r = call(
        "output-fingerprint", new OutputFingerprint(outputs.stream().map(HarnessMapper::toAvro).toList()), OutputFingerprintReply.class);
    return decoded("output-fingerprint",
        () -> new Fingerprint(HarnessMapper.fromAvro(r.getOutputFingerprint()), HarnessMapper.optionalBytes(r.getCanonicalBytes())));
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    RequestReply r = call("request",
        new Request(store.toAbsolutePath().toString(), HarnessMapper.toAvro(subject), facet.name(), HarnessMapper.toAvro(keyMaterial)),
        RequestReply.class);
    return decoded("request", () -> {
      try {
        return new RequestResult(
            RequestOutcome.valueOf(r.getOutcome().name()),
            HarnessMapper.optionalBytes(r.getRecord()),
            Optional.ofNullable(r.getMissReason()));
      } catch (IllegalArgumentException e) {
        throw new DecodeException(e.getMessage(), e);
      }
    });
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    List<dev.ibridge.protocol.Blob> wire = new ArrayList<>();
    for (BlobContent b : blobs) {
      wire.add(new dev.ibridge.protocol.Blob(HarnessMapper.toAvro(b.digest()), HarnessMapper.buffer(b.content())));
    }
    EmitReply r = call("emit", new Emit(store.toAbsolutePath().toString(), HarnessMapper.buffer(record), wire), EmitReply.class);
    return decoded("emit", () -> {
      try {
        return new EmitResult(EmitOutcome.valueOf(r.getOutcome().name()), r.getBytesWritten(), r.getBytesDeduplicated());
      } catch (IllegalArgumentException e) {
        throw new DecodeException(e.getMessage(), e);
      }
    });
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    String op = "run-activity";
    RunActivity frame = new RunActivity(
        call.store().toAbsolutePath().toString(),
        WorkspaceJson.write(call.workspace()),
        call.activity(),
        call.selection().packages().stream().sorted().toList(),
        call.catalog().orElse(null));
    Child c = ready();
    c.send(new HarnessFrame(frame), op);
    while (true) {
      Object body = c.receive(op).getBody();
      if (body instanceof ActivityReport report) {
        return decoded(op, () -> new ActivityOutcome(HarnessMapper.map(report.getSteps(), HarnessMapper::fromAvro)));
      }
      if (body instanceof Compile compile) {
        c.send(new HarnessFrame(compileAnswer(compile, compiler)), op);
        continue;
      }
      throw unexpected(c, op, body, ActivityReport.class);
    }
  }

  private static Object compileAnswer(Compile compile, CompileHandler compiler) {
    try {
      List<ComputedOutput> outputs = compiler.compile(
          HarnessMapper.fromAvro(compile.getSubject()), HarnessMapper.facet(compile.getFacet()), HarnessMapper.fromAvro(compile.getKeyMaterial()));
      return new CompileReply(outputs.stream()
          .sorted((a, b) -> a.name().compareTo(b.name()))
          .map(HarnessMapper::toAvro)
          .toList());
    } catch (DecodeException | IllegalArgumentException e) {
      return new ErrorReply(ErrorKind.REJECTED, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return new ErrorReply(ErrorKind.RUNTIME_ERROR, e.toString());
    }
  }

  @Override
  public Optional<Bytes> readRecord(Path store, Digest inputKey) throws TesteeException {
    RecordAnswer a = readStore(store, new RecordQuery(HarnessMapper.toAvro(inputKey)), RecordAnswer.class);
    return HarnessMapper.optionalBytes(a.getRecord());
  }

  @Override
  public List<Head> heads(Path store, Optional<Facet> facet) throws TesteeException {
    HeadsAnswer a = readStore(store, new HeadsQuery(facet.map(Facet::name).orElse(null)), HeadsAnswer.class);
    return decoded("read-store", () -> HarnessMapper.map(a.getHeads(), HarnessMapper::fromAvro));
  }

  @Override
  public Optional<Bytes> readBlob(Path store, Digest digest) throws TesteeException {
    BlobAnswer a = readStore(store, new BlobQuery(HarnessMapper.toAvro(digest)), BlobAnswer.class);
    return HarnessMapper.optionalBytes(a.getContent());
  }

  private <A> A readStore(Path store, Object query, Class<A> answer) throws TesteeException {
    String op = "read-store";
    ReadStoreReply r = call(op, new ReadStore(store.toAbsolutePath().toString(), query), ReadStoreReply.class);
    if (!answer.isInstance(r.getAnswer())) {
      throw unexpected(child, op, r.getAnswer(), answer);
    }
    return answer.cast(r.getAnswer());
  }

  @Override
  public HarnessFraming framing() {
    return options.framing();
  }

  /** The live process's streams (started and greeted if need be); closing the channel keeps the process. */
  @Override
  public RawChannel raw() throws TesteeException {
    Child c = ready();
    return new RawChannel() {
      @Override
      public HarnessFraming framing() {
        return options.framing();
      }

      @Override
      public void write(byte[] bytes) throws TesteeException {
        c.write(bytes, "raw");
      }

      @Override
      public byte[] read() throws TesteeException {
        return c.receiveFrame("raw", options.callTimeout()).raw();
      }

      @Override
      public Ending awaitEnd(boolean closeInput) throws TesteeException {
        return c.end(closeInput, "raw");
      }

      @Override
      public void close() {}
    };
  }

  /** Sends Shutdown, gives the process a moment to exit, then kills whatever is left. */
  @Override
  public void close() {
    if (child != null) {
      child.shutdown();
      child = null;
    }
  }

  private <R> R call(String op, Object body, Class<R> replyType) throws TesteeException {
    Child c = ready();
    c.send(new HarnessFrame(body), op);
    Object reply = c.receive(op).getBody();
    if (replyType.isInstance(reply)) {
      return replyType.cast(reply);
    }
    throw unexpected(c, op, reply, replyType);
  }

  /** An ErrorReply as its failure; anything else unexpected kills the process as a protocol error. */
  private TesteeException unexpected(Child c, String op, Object reply, Class<?> expected) {
    if (reply instanceof ErrorReply e) {
      TesteeFailure failure = switch (e.getKind()) {
        case REJECTED -> TesteeFailure.REJECTED;
        case UNSUPPORTED -> TesteeFailure.UNSUPPORTED;
        case RUNTIME_ERROR -> TesteeFailure.RUNTIME_ERROR;
        case PARSE_ERROR -> TesteeFailure.PROTOCOL_ERROR;
      };
      return new TesteeException(failure, op + ": the testee answered " + e.getKind() + ": " + e.getMessage());
    }
    c.kill();
    return new TesteeException(TesteeFailure.PROTOCOL_ERROR, op + ": the testee answered "
        + reply.getClass().getSimpleName() + " where " + expected.getSimpleName() + " belongs");
  }

  private interface Decoding<T> {
    T get() throws DecodeException;
  }

  private <T> T decoded(String op, Decoding<T> decoding) throws TesteeException {
    try {
      return decoding.get();
    } catch (DecodeException | RuntimeException e) {
      if (child != null) {
        child.kill();
      }
      throw new TesteeException(TesteeFailure.PROTOCOL_ERROR, op + ": the testee's reply breaks a protocol rule: " + e.getMessage(), e);
    }
  }

  /** The live process, started and greeted if need be. */
  private Child ready() throws TesteeException {
    if (versionFailure != null) {
      throw versionFailure;
    }
    if (child != null && child.process.isAlive()) {
      return child;
    }
    if (child != null) {
      child.kill();
    }
    starts++;
    latest = start();
    child = new Child(latest);
    Object reply = child.greet(new HarnessFrame(new Hello(HarnessVersion.CURRENT, "ibridge-conformance")));
    if (!(reply instanceof HelloReply hello)) {
      throw unexpected(child, "hello", reply, HelloReply.class);
    }
    if (hello.getHarnessVersion() != HarnessVersion.CURRENT) {
      child.kill();
      versionFailure = new TesteeException(TesteeFailure.VERSION_MISMATCH,
          "the testee speaks harness version " + hello.getHarnessVersion() + ", the runner speaks " + HarnessVersion.CURRENT);
      throw versionFailure;
    }
    info = decoded("hello", () -> {
      Set<Operation> ops = EnumSet.noneOf(Operation.class);
      hello.getOperations().forEach(o -> ops.add(Operation.valueOf(o.name())));
      return new TesteeInfo(hello.getHarnessVersion(), hello.getName(), hello.getVersion(), ops,
          HarnessMapper.map(hello.getFacets(), HarnessMapper::facet));
    });
    return child;
  }

  private Process start() throws TesteeException {
    ProcessBuilder pb = new ProcessBuilder(command);
    options.workingDirectory().ifPresent(d -> pb.directory(d.toFile()));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "cannot start the testee " + command + ": " + e.getMessage(), e);
    }
  }

  /**
   * Kills the process and its descendants through their handles. {@code Process.destroyForcibly}
   * would also close the process's pipes, even after it exited, and so cut off the stderr drain
   * before it read the testee's last lines; through the handle the pipes end at EOF instead.
   */
  private static List<ProcessHandle> destroyTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    p.toHandle().destroyForcibly();
    tree.add(p.toHandle());
    return tree;
  }

  /** One testee process with its frame reader, writer and standard-error drain. */
  private final class Child {
    final Process process;
    final StderrLog stderr;
    private final OutputStream stdin;
    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private final ExecutorService writer;

    Child(Process process) {
      this.process = process;
      LIVE.add(process);
      long pid = process.pid();
      this.stdin = process.getOutputStream();
      this.stderr = new StderrLog(options.stderrTailBytes(), options.stderr());
      stderr.drain(process.getErrorStream(), "testee-" + pid + "-stderr");
      this.writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "testee-" + pid + "-stdin");
        t.setDaemon(true);
        return t;
      });
      Thread reader = new Thread(() -> read(new BufferedInputStream(process.getInputStream())), "testee-" + pid + "-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in) {
      boolean first = true;
      try (in) {
        Optional<String> wrongFraming = wrongFraming(in);
        if (wrongFraming.isPresent()) {
          incoming.add(new Incoming.Garbage(TesteeFailure.PROTOCOL_ERROR, wrongFraming.get()));
          return;
        }
        while (true) {
          HarnessFraming.Raw raw = options.framing().read(in);
          if (raw instanceof HarnessFraming.Raw.End end) {
            incoming.add(new Incoming.Ended(end.midFrame()));
            return;
          }
          byte[] bytes = ((HarnessFraming.Raw.Frame) raw).bytes();
          try {
            incoming.add(new Incoming.Frame(options.framing().decode(bytes), bytes));
          } catch (DecodeException e) {
            incoming.add(garbage(bytes, e, first));
            return;
          }
          first = false;
        }
      } catch (IOException e) {
        incoming.add(new Incoming.Garbage(TesteeFailure.PROTOCOL_ERROR, "the testee sent garbage: " + e.getMessage()));
      }
    }

    /**
     * The testee's first reply bytes, when they show the other framing: a JSON line starts with
     * {@code {}, and a binary frame that starts so and has a fourth byte other than 0 would be a
     * frame of 16 MiB or more, which no hello reply is.
     */
    private Optional<String> wrongFraming(InputStream in) throws IOException {
      in.mark(4);
      int b = in.read();
      byte[] rest = b == '{' && options.framing() == HarnessFraming.BINARY ? in.readNBytes(3) : new byte[0];
      in.reset();
      if (b < 0) {
        return Optional.empty();
      }
      if (options.framing() == HarnessFraming.BINARY && b == '{' && rest.length == 3 && rest[2] != 0) {
        return Optional.of("the testee's first reply byte is '{': this looks like JSON lines: add --jsonl");
      }
      if (options.framing() == HarnessFraming.JSON_LINES && b != '{' && !Character.isWhitespace(b)) {
        return Optional.of(String.format("the testee's first reply byte is 0x%02x, not '{': this looks like binary frames:"
            + " drop --jsonl", b));
      }
      return Optional.empty();
    }

    /** A bad frame; at the first frame, another schema's fingerprint is a version mismatch. */
    private Incoming garbage(byte[] bytes, DecodeException e, boolean first) {
      var claimed = FrameCodec.claimedFingerprint(bytes);
      if (first && options.framing() == HarnessFraming.BINARY && claimed.isPresent() && claimed.getAsLong() != FrameCodec.FINGERPRINT) {
        return new Incoming.Garbage(TesteeFailure.VERSION_MISMATCH,
            "the testee speaks harness schema " + FrameCodec.fingerprintText(claimed.getAsLong())
                + ", the runner speaks " + FrameCodec.fingerprintText(FrameCodec.FINGERPRINT));
      }
      return new Incoming.Garbage(TesteeFailure.PROTOCOL_ERROR, "the testee sent garbage: " + e.getMessage());
    }

    /**
     * Sends hello and waits for the answer, allowing the start timeout. A binary testee that
     * answers nothing may be a JSON-lines one waiting for the end of a line, which binary frames
     * do not have.
     */
    Object greet(HarnessFrame frame) throws TesteeException {
      send(frame, "hello", options.startTimeout());
      try {
        return receive("hello", options.startTimeout()).getBody();
      } catch (TesteeException e) {
        if (e.failure() == TesteeFailure.TIMEOUT && options.framing() == HarnessFraming.BINARY) {
          throw new TesteeException(TesteeFailure.TIMEOUT, e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
              + " (if the testee speaks JSON lines, add --jsonl)", e);
        }
        throw e;
      }
    }

    void send(HarnessFrame frame, String op) throws TesteeException {
      send(frame, op, options.callTimeout());
    }

    private void send(HarnessFrame frame, String op, Duration timeout) throws TesteeException {
      byte[] bytes = options.framing().encode(frame);
      Future<?> write = writer.submit(() -> {
        stdin.write(bytes);
        stdin.flush();
        return null;
      });
      awaitWrite(write, op, timeout);
    }

    private void awaitWrite(Future<?> write, String op, Duration timeout) throws TesteeException {
      try {
        write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        kill();
        throw timeout(op, "did not read its input", timeout);
      } catch (ExecutionException e) {
        throw ended(op, "closed its input (" + e.getCause().getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        throw new TesteeException(TesteeFailure.RUNTIME_ERROR, op + ": interrupted");
      }
    }

    HarnessFrame receive(String op) throws TesteeException {
      return receive(op, options.callTimeout());
    }

    private HarnessFrame receive(String op, Duration timeout) throws TesteeException {
      return receiveFrame(op, timeout).frame();
    }

    void write(byte[] bytes, String op) throws TesteeException {
      Future<?> write = writer.submit(() -> {
        stdin.write(bytes);
        stdin.flush();
        return null;
      });
      awaitWrite(write, op, options.callTimeout());
    }

    /** Closes the process's input, waits for it to exit, and collects the frames it wrote meanwhile. */
    RawChannel.Ending end(boolean closeInput, String op) throws TesteeException {
      try {
        if (closeInput) {
          stdin.close();
        }
        if (!process.waitFor(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
          throw timeout(op, "did not exit", options.callTimeout());
        }
        List<byte[]> frames = new ArrayList<>();
        while (true) {
          Incoming in = incoming.poll(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
          if (in instanceof Incoming.Frame f) {
            frames.add(f.raw());
          } else if (in instanceof Incoming.Garbage g) {
            kill();
            throw new TesteeException(g.failure(), op + ": " + g.message() + stderrNote());
          } else {
            break;
          }
        }
        int status = process.exitValue();
        kill();
        return new RawChannel.Ending(status, frames);
      } catch (IOException e) {
        kill();
        throw new TesteeException(TesteeFailure.RUNTIME_ERROR, op + ": cannot close the testee's input: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        throw new TesteeException(TesteeFailure.RUNTIME_ERROR, op + ": interrupted");
      }
    }

    Incoming.Frame receiveFrame(String op, Duration timeout) throws TesteeException {
      Incoming in;
      try {
        in = incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        throw new TesteeException(TesteeFailure.RUNTIME_ERROR, op + ": interrupted");
      }
      if (in == null) {
        kill();
        throw timeout(op, "did not answer", timeout);
      }
      if (in instanceof Incoming.Frame f) {
        return f;
      }
      if (in instanceof Incoming.Ended e) {
        throw ended(op, e.midFrame() ? "exited in the middle of a frame" : "exited");
      }
      Incoming.Garbage g = (Incoming.Garbage) in;
      kill();
      TesteeException failure = new TesteeException(g.failure(), op + ": " + g.message() + stderrNote());
      if (g.failure() == TesteeFailure.VERSION_MISMATCH) {
        versionFailure = failure;
      }
      throw failure;
    }

    private TesteeException timeout(String op, String what, Duration timeout) {
      return new TesteeException(TesteeFailure.TIMEOUT, op + ": the testee " + what + " within "
          + timeout.toMillis() + " ms and was killed" + stderrNote());
    }

    private TesteeException ended(String op, String what) {
      String status;
      try {
        status = process.waitFor(2, TimeUnit.SECONDS) ? "status " + process.exitValue() : "still running";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = "unknown status";
      }
      kill();
      return new TesteeException(TesteeFailure.RUNTIME_ERROR, op + ": the testee " + what + " (" + status + ")" + stderrNote());
    }

    /** Standard error so far; all of it once the process has exited, so a failure's words hold its last lines. */
    String stderrTail() {
      return process.isAlive() ? stderr.tail() : stderr.tailAtEnd(STDERR_DRAIN_WAIT);
    }

    private String stderrNote() {
      String tail = stderrTail().strip();
      if (tail.isEmpty()) {
        return "";
      }
      int cut = Math.max(0, tail.length() - 2000);
      return "; its standard error ends: " + tail.substring(cut);
    }

    void shutdown() {
      if (process.isAlive()) {
        try {
          send(new HarnessFrame(new Shutdown()), "shutdown");
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (TesteeException e) {
          // Killed below in any case.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      kill();
    }

    void kill() {
      for (ProcessHandle p : destroyTree(process)) {
        try {
          p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
          // Killed with SIGKILL; the kernel ends it even if we stop waiting.
        }
      }
      writer.shutdownNow();
      try {
        stdin.close();
      } catch (IOException e) {
        // The process is gone; its pipe may already be closed.
      }
      LIVE.remove(process);
    }
  }

  /** What the reader thread found on the testee's standard output. */
  private sealed interface Incoming {
    record Frame(HarnessFrame frame, byte[] raw) implements Incoming {}

    record Ended(boolean midFrame) implements Incoming {}

    record Garbage(TesteeFailure failure, String message) implements Incoming {}
  }
}
