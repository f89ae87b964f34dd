package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceJson;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The testee's side of the harness: serves one {@link Testee} over a pair of streams until the
 * runner sends Shutdown or closes the input. Each call gets exactly one reply; a call the testee
 * fails on gets an ErrorReply, a frame that cannot be parsed gets ErrorReply PARSE_ERROR, and a
 * frame that parses but holds no call (a reply, or a Compile outside RunActivity) gets ErrorReply
 * UNSUPPORTED; a call whose value breaks a rule of the data model gets ErrorReply REJECTED. Mutants
 * that break the framing override {@link #decode}, {@link #notACall} or {@link #brokenRule}.
 */
public class TesteeServer {
  private final Testee testee;
  private final InputStream in;
  private final OutputStream out;
  private final HarnessFraming framing;

  public TesteeServer(Testee testee, InputStream in, OutputStream out, HarnessFraming framing) {
    this.testee = Objects.requireNonNull(testee, "testee");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    this.framing = Objects.requireNonNull(framing, "framing");
  }

  /** Serves calls until Shutdown or the end of the input. */
  public void serve() throws IOException {
    while (true) {
      Optional<HarnessFrame> next;
      try {
        next = receive();
      } catch (DecodeException e) {
        send(error(ErrorKind.PARSE_ERROR, e.getMessage()));
        continue;
      }
      if (next.isEmpty() || next.get().getBody() instanceof Shutdown) {
        return;
      }
      send(answer(next.get().getBody()));
    }
  }

  private Optional<HarnessFrame> receive() throws IOException {
    HarnessFraming.Raw raw = framing.read(in);
    if (raw instanceof HarnessFraming.Raw.Frame f) {
      return Optional.of(decode(f.bytes()));
    }
    return Optional.empty();
  }

  /** One frame's bytes as a HarnessFrame. */
  protected HarnessFrame decode(byte[] frame) throws DecodeException {
    return framing.decode(frame);
  }

  /** The answer to a frame that parses but is no call this server takes. */
  protected Object notACall(Object body) {
    return error(ErrorKind.UNSUPPORTED, "a testee takes no " + body.getClass().getSimpleName() + " call");
  }

  /**
   * The answer to a call that parsed but whose value breaks a rule of the data model, such as key
   * material out of order: REJECTED (REQ-HARNESS-020).
   */
  protected Object brokenRule(DecodeException e) {
    return error(ErrorKind.REJECTED, e.getMessage());
  }

  private void send(Object body) throws IOException {
    out.write(framing.encode(new HarnessFrame(body)));
    out.flush();
  }

  private Object answer(Object call) {
    try {
      return dispatch(call);
    } catch (TesteeException e) {
      ErrorKind kind = switch (e.failure()) {
        case REJECTED -> ErrorKind.REJECTED;
        case UNSUPPORTED -> ErrorKind.UNSUPPORTED;
        default -> ErrorKind.RUNTIME_ERROR;
      };
      return error(kind, e.getMessage());
    } catch (DecodeException e) {
      return brokenRule(e);
    } catch (RuntimeException e) {
      return error(ErrorKind.RUNTIME_ERROR, e.toString());
    }
  }

  private Object dispatch(Object call) throws TesteeException, DecodeException {
    if (call instanceof Hello) {
      TesteeInfo info = testee.hello();
      return new HelloReply(
          info.harnessVersion(),
          info.name(),
          info.version(),
          info.operations().stream().sorted().map(o -> dev.ibridge.protocol.Operation.valueOf(o.name())).toList(),
          info.facets().stream().map(f -> f.name()).toList());
    }
    if (call instanceof DeriveKey d) {
      KeyDerivation k = testee.deriveKey(HarnessMapper.fromAvro(d.getKeyMaterial()));
      return new DeriveKeyReply(HarnessMapper.toAvro(k.inputKey()), HarnessMapper.buffer(k.canonicalBytes()));
    }
    if (call instanceof OutputFingerprint o) {
      Fingerprint f = testee.outputFingerprint(HarnessMapper.map(o.getOutputs(), HarnessMapper::fromAvro));
      return new OutputFingerprintReply(HarnessMapper.toAvro(f.outputFingerprint()), HarnessMapper.buffer(f.canonicalBytes()));
    }
    if (call instanceof Request r) {
      RequestResult result = testee.request(
          Path.of(r.getStore()), HarnessMapper.fromAvro(r.getSubject()), HarnessMapper.facet(r.getFacet()), HarnessMapper.fromAvro(r.getKeyMaterial()));
      return new RequestReply(
          dev.ibridge.protocol.RequestOutcome.valueOf(result.outcome().name()),
          HarnessMapper.buffer(result.record()),
          result.missReason().orElse(null));
    }
    if (call instanceof Emit e) {
      List<BlobContent> blobs = HarnessMapper.map(e.getBlobs(), b -> new BlobContent(HarnessMapper.fromAvro(b.getDigest()), HarnessMapper.bytes(b.getContent())));
      EmitResult result = testee.emit(Path.of(e.getStore()), HarnessMapper.bytes(e.getRecord()), blobs);
      return new EmitReply(
          dev.ibridge.protocol.EmitOutcome.valueOf(result.outcome().name()), result.bytesWritten(), result.bytesDeduplicated());
    }
    if (call instanceof RunActivity a) {
      return runActivity(a);
    }
    if (call instanceof ReadStore r) {
      Path store = Path.of(r.getStore());
      Object query = r.getQuery();
      Object answer;
      if (query instanceof RecordQuery q) {
        answer = new RecordAnswer(HarnessMapper.buffer(testee.readRecord(store, HarnessMapper.fromAvro(q.getInputKey()))));
      } else if (query instanceof HeadsQuery q) {
        Optional<dev.ibridge.model.Facet> facet =
            q.getFacet() == null ? Optional.empty() : Optional.of(HarnessMapper.facet(q.getFacet()));
        answer = new HeadsAnswer(testee.heads(store, facet).stream().map(HarnessMapper::toAvro).toList());
      } else {
        Digest digest = HarnessMapper.fromAvro(((BlobQuery) query).getDigest());
        answer = new BlobAnswer(HarnessMapper.buffer(testee.readBlob(store, digest)));
      }
      return new ReadStoreReply(answer);
    }
    return notACall(call);
  }

  private Object runActivity(RunActivity a) throws TesteeException {
    Workspace workspace;
    try {
      workspace = WorkspaceJson.parse(a.getWorkspace(), "the RunActivity workspace");
    } catch (IllegalArgumentException e) {
      throw new TesteeException(TesteeFailure.REJECTED, e.getMessage(), e);
    }
    Selection selection = a.getPackages().isEmpty() ? Selection.all() : new Selection(new HashSet<>(a.getPackages()));
    ActivityCall call = new ActivityCall(
        Path.of(a.getStore()), workspace, a.getActivity(), selection, Optional.ofNullable(a.getCatalog()));
    ActivityOutcome outcome = testee.runActivity(call, this::compile);
    return new ActivityReport(outcome.steps().stream().map(HarnessMapper::toAvro).toList());
  }

  /** Sends a Compile call to the runner and waits for its answer. */
  private List<ComputedOutput> compile(dev.ibridge.model.Subject subject, dev.ibridge.model.Facet facet, KeyMaterial km) {
    try {
      send(new Compile(HarnessMapper.toAvro(subject), facet.name(), HarnessMapper.toAvro(km)));
      Optional<HarnessFrame> reply = receive();
      if (reply.isEmpty()) {
        throw new IllegalStateException("the runner closed the stream during a Compile call");
      }
      Object body = reply.get().getBody();
      if (body instanceof CompileReply c) {
        return c.getOutputs().stream().map(HarnessMapper::fromAvro).toList();
      }
      if (body instanceof ErrorReply e) {
        throw new IllegalArgumentException("the runner refused to compile " + facet + ": " + e.getMessage());
      }
      throw new IllegalStateException("the runner answered a Compile call with " + body.getClass().getSimpleName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ErrorReply error(ErrorKind kind, String message) {
    return new ErrorReply(kind, String.valueOf(message));
  }
}
