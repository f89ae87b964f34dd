package dev.ibridge.conformance.mutants;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.model.Bytes;
import dev.ibridge.store.EmitResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/** The reference, except that it rejects a record whose root struct is larger than version 1 writes it. */
final class StrictStructMutant extends ForwardingTestee {
  StrictStructMutant(Testee delegate) {
    super(delegate);
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    byte[] given = record.toByteArray();
    try {
      byte[] own = CapnpCodec.encodeRecord(CapnpCodec.decodeRecord(given));
      if (rootSizes(given) != rootSizes(own)) {
        throw new TesteeException(TesteeFailure.REJECTED, "the record's root struct has sections of another size");
      }
    } catch (DecodeException | IndexOutOfBoundsException e) {
      return delegate.emit(store, record, blobs);
    }
    return delegate.emit(store, record, blobs);
  }

  /** The data and pointer section sizes of the root struct pointer, which follows the 8-byte segment table. */
  private static long rootSizes(byte[] message) {
    return ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).getLong(8) >>> 32;
  }
}
