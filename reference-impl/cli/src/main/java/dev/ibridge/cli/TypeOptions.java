package dev.ibridge.cli;

import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line spellings of message types and encodings. */
final class TypeOptions {
  private TypeOptions() {}

  static final class TypeConverter implements ITypeConverter<MessageType> {
    @Override
    public MessageType convert(String value) {
      try {
        return MessageType.fromLabel(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class EncodingConverter implements ITypeConverter<Encoding> {
    @Override
    public Encoding convert(String value) {
      try {
        return Encoding.fromLabel(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The {@code --type} names, for picocli's ${COMPLETION-CANDIDATES}. */
  static final class TypeNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(MessageType.values()).map(MessageType::label).iterator();
    }
  }

  /** The {@code --format} names of single messages (a journal file cannot be encoded here). */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Encoding.values())
          .filter(e -> e != Encoding.AVRO_CONTAINER)
          .map(Encoding::label)
          .iterator();
    }
  }
}
