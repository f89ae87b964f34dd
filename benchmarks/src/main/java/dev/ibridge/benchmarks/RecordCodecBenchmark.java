package dev.ibridge.benchmarks;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second through each encoding of the {@link TypicalRecord}, with the baselines in the
 * same run: {@code *Bare} methods drive the runtime libraries by hand, {@code json*} methods use
 * Jackson. Each encode starts from the model; each decode starts from bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordCodecBenchmark {
  private Record record;
  private KeyMaterial keyMaterial;
  private AvroBare avroBare;
  private JsonBaseline json;
  private byte[] capnpBytes;
  private byte[] capnpBareBytes;
  private byte[] avroBytes;
  private byte[] avroBareBytes;
  private byte[] jsonBytes;

  @Setup
  public void setUp() throws IOException {
    record = TypicalRecord.build();
    keyMaterial = record.keyMaterial();
    avroBare = new AvroBare();
    json = new JsonBaseline();
    capnpBytes = CapnpCodec.encodeRecord(record);
    capnpBareBytes = CapnpBare.encode(record);
    avroBytes = AvroCodec.KEY_MATERIAL.encodeBinary(keyMaterial);
    avroBareBytes = avroBare.encode(keyMaterial);
    jsonBytes = json.encode(record);
  }

  @Benchmark
  public byte[] capnpEncode() {
    return CapnpCodec.encodeRecord(record);
  }

  @Benchmark
  public Record capnpDecode() throws DecodeException {
    return CapnpCodec.decodeRecord(capnpBytes);
  }

  @Benchmark
  public byte[] capnpEncodeBare() throws IOException {
    return CapnpBare.encode(record);
  }

  @Benchmark
  public void capnpDecodeBare(Blackhole bh) throws IOException {
    CapnpBare.decode(capnpBareBytes, bh::consume);
  }

  @Benchmark
  public byte[] avroEncode() {
    return AvroCodec.KEY_MATERIAL.encodeBinary(keyMaterial);
  }

  @Benchmark
  public KeyMaterial avroDecode() throws DecodeException {
    return AvroCodec.KEY_MATERIAL.decodeBinary(avroBytes);
  }

  @Benchmark
  public Digest inputKey() {
    return Keys.inputKey(keyMaterial);
  }

  @Benchmark
  public byte[] avroEncodeBare() throws IOException {
    return avroBare.encode(keyMaterial);
  }

  @Benchmark
  public Object avroDecodeBare() throws IOException {
    return avroBare.decode(avroBareBytes);
  }

  @Benchmark
  public byte[] inputKeyBare() throws IOException {
    return avroBare.inputKey(keyMaterial);
  }

  @Benchmark
  public byte[] jsonEncode() throws IOException {
    return json.encode(record);
  }

  @Benchmark
  public Record jsonDecode() throws IOException {
    return json.decode(jsonBytes);
  }
}
