package dev.ibridge.store;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A store in a local directory, laid out as {@link StorePaths} says. */
final class LocalStore implements Store {
  static final String CREATED_BY = "ibridge reference implementation (Java)";
  static final long MAX_HEADER_BYTES = Limits.MAX_STORE_HEADER_BYTES;
  static final long MAX_HEAD_BYTES = Limits.MAX_HEAD_BYTES;
  static final long MAX_BLOB_BYTES = Limits.MAX_BLOB_BYTES;
  static final Set<String> TOP_LEVEL =
      Set.of(StorePaths.HEADER, StorePaths.LOCK, StorePaths.BLOBS, StorePaths.RECORDS, StorePaths.HEADS, StorePaths.JOURNAL, StorePaths.TMP);

  private final StorePaths layout;
  private final FileOps fs;
  private final StoreLock lock;
  private final StoreHeader header;
  /** Blobs whose content this instance has hashed and found to match their address. */
  private final Set<Digest> verifiedBlobs = ConcurrentHashMap.newKeySet();
  /** Records this instance has read and checked (REQ-STORE-086). */
  private final RecordCache records;
  private volatile boolean closed;

  private LocalStore(StorePaths layout, FileOps fs, StoreLock lock, StoreHeader header, RecordCache records) {
    this.layout = layout;
    this.fs = fs;
    this.lock = lock;
    this.header = header;
    this.records = records;
  }

  static LocalStore open(Path dir, FileOps fs) throws IOException {
    return open(dir, fs, true, Store.DEFAULT_RECORD_CACHE_BYTES);
  }

  static LocalStore open(Path dir, FileOps fs, boolean create, long recordCacheBytes) throws IOException {
    RecordCache records = new RecordCache(recordCacheBytes);
    Path given = dir.toAbsolutePath().normalize();
    if (!create && !Files.exists(given.resolve(StorePaths.HEADER), LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(
          given.toString(), null, "no ibridge store here (there is no STORE file); create one with 'ibridge store init'");
    }
    if (Files.exists(given) && !Files.isDirectory(given)) {
      throw new IOException(given + " is not a directory, so it cannot be a store");
    }
    Files.createDirectories(given);
    StorePaths layout = new StorePaths(given.toRealPath());
    boolean existing = Files.exists(layout.header(), LinkOption.NOFOLLOW_LINKS);
    if (existing) {
      checkHeader(layout, readHeader(layout, fs));
    } else {
      refuseForeignDirectory(layout);
    }
    StoreLock lock = StoreLock.acquire(layout.lock(), () -> cleanStaging(layout, fs));
    try {
      for (Path d : List.of(layout.tmp(), layout.blobs(), layout.records(), layout.heads(), layout.journal())) {
        Files.createDirectories(d);
      }
      StoreHeader header = existing ? readHeader(layout, fs) : createHeader(layout, fs);
      checkHeader(layout, header);
      return new LocalStore(layout, fs, lock, header, records);
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  private static void refuseForeignDirectory(StorePaths layout) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.root())) {
      for (Path entry : entries) {
        if (!TOP_LEVEL.contains(entry.getFileName().toString())) {
          throw new IOException(
              layout.root() + " is not an ibridge store (it has no STORE file) and is not empty ("
                  + entry.getFileName() + "); choose an empty or new directory for the store");
        }
      }
    }
  }

  private static StoreHeader readHeader(StorePaths layout, FileOps fs) throws IOException {
    byte[] bytes;
    try {
      bytes = fs.read(layout.header(), MAX_HEADER_BYTES);
    } catch (NoSuchFileException e) {
      throw new IOException(layout.root() + " has no STORE file; it is not an ibridge store", e);
    }
    try {
      return CapnpCodec.decodeStoreHeader(bytes);
    } catch (DecodeException | RuntimeException e) {
      throw new DamagedStoreException(
          layout.header() + " is not an ibridge store header (" + e.getMessage()
              + "); the directory is not an ibridge store, or its STORE file is damaged", e);
    }
  }

  private static void checkHeader(StorePaths layout, StoreHeader h) throws IOException {
    if (h.protocolMajor() > ProtocolVersion.MAJOR) {
      throw new IOException(
          "the store at " + layout.root() + " uses protocol major version " + h.protocolMajor()
              + " (created by \"" + h.createdBy() + "\"), but this implementation reads major version "
              + ProtocolVersion.MAJOR + " only; use a newer ibridge, or another store directory");
    }
    if (h.protocolMajor() < ProtocolVersion.MAJOR) {
      throw new IOException(
          "the store at " + layout.root() + " uses protocol major version " + h.protocolMajor()
              + ", which this implementation does not read; delete the store to start afresh");
    }
    if (h.digestAlgorithm() != DigestAlgorithm.SHA256) {
      throw new IOException(
          "the store at " + layout.root() + " uses digest algorithm " + h.digestAlgorithm().label()
              + ", but this implementation supports sha256 only");
    }
  }

  private static StoreHeader createHeader(StorePaths layout, FileOps fs) throws IOException {
    StoreHeader h =
        new StoreHeader(ProtocolVersion.MAJOR, ProtocolVersion.MINOR, DigestAlgorithm.SHA256, CREATED_BY);
    Path staged = fs.stage(layout.tmp(), CapnpCodec.encodeStoreHeader(h));
    try {
      fs.publishNew(staged, layout.header());
      return h;
    } catch (FileAlreadyExistsException e) {
      fs.delete(staged);
      return readHeader(layout, fs);
    }
  }

  private static void cleanStaging(StorePaths layout, FileOps fs) throws IOException {
    if (!Files.isDirectory(layout.tmp(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.tmp())) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(entry)) {
          fs.delete(entry);
        }
      }
    }
  }

  StorePaths layout() {
    return layout;
  }

  FileOps fileOps() {
    return fs;
  }

  StoreLock storeLock() {
    return lock;
  }

  @Override
  public Path root() {
    return layout.root();
  }

  @Override
  public StoreHeader header() {
    return header;
  }

  @Override
  public Session session(Producer producer) throws IOException {
    checkOpen();
    return new LocalSession(this, producer);
  }

  @Override
  public Lookup request(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    return answer(subject, facet, keyMaterial).lookup();
  }

  /** A request's input key and its answer. */
  record Answer(Digest key, Lookup lookup) {}

  /**
   * Answers a request. A record this instance has checked before is served again without reading
   * it while its file is unchanged (REQ-STORE-086); its blobs are checked every time.
   */
  Answer answer(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    checkMaterial(subject, facet, keyMaterial);
    checkOpen();
    RecordCache.Entry cached = records.get(keyMaterial);
    if (cached != null) {
      if (cached.identity().equals(RecordCache.FileIdentity.of(cached.file()))) {
        return new Answer(cached.key(), checkBlobs(cached.record(), cached.blobFiles()));
      }
      records.remove(cached);
    }
    Digest key = Keys.inputKey(keyMaterial);
    return new Answer(key, lookup(subject, facet, keyMaterial, key));
  }

  static Digest requestKey(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    checkMaterial(subject, facet, keyMaterial);
    return Keys.inputKey(keyMaterial);
  }

  private static void checkMaterial(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    if (!keyMaterial.subject().equals(subject)) {
      throw new IllegalArgumentException(
          "subject " + subject + " is not the key material's subject " + keyMaterial.subject());
    }
    if (!keyMaterial.facet().equals(facet)) {
      throw new IllegalArgumentException(
          "facet " + facet + " is not the key material's facet " + keyMaterial.facet());
    }
  }

  Lookup lookup(Subject subject, Facet facet, KeyMaterial keyMaterial, Digest key) {
    checkOpen();
    Path file = layout.record(facet, key);
    RecordCache.FileIdentity before = RecordCache.FileIdentity.of(file);
    byte[] bytes;
    try {
      bytes = fs.read(file, Limits.MAX_MESSAGE_BYTES);
    } catch (NoSuchFileException e) {
      return new Lookup.Miss("no " + facet + " record under key " + key);
    } catch (IOException e) {
      return new Lookup.Miss("the record file " + relative(file) + " is unreadable: " + e.getMessage());
    }
    Record record;
    try {
      record = CapnpCodec.decodeRecord(bytes);
    } catch (DecodeException | RuntimeException e) {
      return new Lookup.Miss("the record file " + relative(file) + " is damaged: " + e.getMessage());
    }
    // Material equal to the request's hashes to the requested key, so the key need not be rehashed.
    if (!record.keyMaterial().equals(keyMaterial) || !record.inputKey().equals(key)) {
      return new Lookup.Miss(
          "the record file " + relative(file) + " is wrong: it holds other key material or another key");
    }
    Digest fingerprint = Keys.outputFingerprint(record.outputs());
    if (!fingerprint.equals(record.outputFingerprint())) {
      return new Lookup.Miss("the record file " + relative(file) + " is wrong: its outputs fingerprint to "
          + fingerprint + ", not to " + record.outputFingerprint());
    }
    List<Path> blobFiles = new ArrayList<>(record.outputs().size());
    for (Output output : record.outputs()) {
      blobFiles.add(layout.blob(output.blob().digest()));
    }
    // Remembered only when the file was the same one before the read and after the checks.
    if (before != null && before.equals(RecordCache.FileIdentity.of(file))) {
      records.put(new RecordCache.Entry(key, record, file, before, blobFiles));
    }
    return checkBlobs(record, blobFiles);
  }

  /** A hit on {@code record}, or a miss naming the first output whose blob cannot be served. */
  private Lookup checkBlobs(Record record, List<Path> blobFiles) {
    List<Output> outputs = record.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      String bad = checkBlob(outputs.get(i).blob(), blobFiles.get(i));
      if (bad != null) {
        return new Lookup.Miss("output " + outputs.get(i).name() + ": " + bad);
      }
    }
    return new Lookup.Hit(record);
  }

  /** Why a decoded record cannot be the record at ({@code facet}, {@code key}), or null. */
  static String checkRecord(Record record, Facet facet, Digest key) {
    if (!record.facet().equals(facet)) {
      return "it is a " + record.facet() + " record stored as " + facet;
    }
    if (!record.inputKey().equals(key)) {
      return "it says its key is " + record.inputKey() + ", but it is stored under " + key;
    }
    Digest recomputed = Keys.inputKey(record.keyMaterial());
    if (!recomputed.equals(key)) {
      return "its key material hashes to " + recomputed + ", not to its key " + key;
    }
    Digest fingerprint = Keys.outputFingerprint(record.outputs());
    if (!fingerprint.equals(record.outputFingerprint())) {
      return "its outputs fingerprint to " + fingerprint + ", not to " + record.outputFingerprint();
    }
    return null;
  }

  /**
   * Why the blob cannot be served, or null. Existence and size are checked every time; the content
   * is hashed once per blob per store instance.
   */
  String checkBlob(BlobRef ref) {
    return checkBlob(ref, layout.blob(ref.digest()));
  }

  private String checkBlob(BlobRef ref, Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return "blob " + ref.digest() + " is missing";
    }
    if (!attrs.isRegularFile()) {
      return "blob " + ref.digest() + " is not a regular file";
    }
    if (attrs.size() != ref.size()) {
      return "blob " + ref.digest() + " is " + attrs.size() + " bytes, the record says " + ref.size();
    }
    if (verifiedBlobs.contains(ref.digest())) {
      return null;
    }
    try {
      Digest actual = Hashing.sha256(file);
      if (!actual.equals(ref.digest())) {
        return "blob " + ref.digest() + " is damaged: its content hashes to " + actual;
      }
    } catch (IOException e) {
      return "blob " + ref.digest() + " is unreadable: " + e.getMessage();
    }
    verifiedBlobs.add(ref.digest());
    return null;
  }

  @Override
  public EmitResult emit(Record record, Map<Digest, Bytes> blobs) throws IOException {
    return emit(record, CapnpCodec.encodeRecord(record), blobs);
  }

  @Override
  public EmitResult emitEncoded(Bytes encoded, Map<Digest, Bytes> blobs) throws IOException {
    byte[] bytes = encoded.toByteArray();
    Record record;
    try {
      record = CapnpCodec.decodeRecord(bytes);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
    }
    return emit(record, bytes, blobs);
  }

  /**
   * Emits {@code record}, publishing {@code encoded} (its Cap'n Proto encoding) as its file
   * (REQ-STORE-095). The byte counts name each distinct blob once (REQ-STORE-094).
   */
  private EmitResult emit(Record record, byte[] encoded, Map<Digest, Bytes> blobs) throws IOException {
    checkOpen();
    checkEmittable(record, blobs);
    Path target = layout.record(record.facet(), record.inputKey());
    EmitOutcome existing = compareExisting(target, record);
    if (existing == EmitOutcome.CONFLICT) {
      return new EmitResult(EmitOutcome.CONFLICT, 0, 0);
    }
    long written = 0;
    long deduplicated = 0;
    Set<Digest> counted = new HashSet<>();
    for (Output output : record.outputs()) {
      BlobRef ref = output.blob();
      if (!counted.add(ref.digest())) {
        continue;
      }
      Bytes content = blobs.get(ref.digest());
      if (checkBlob(ref) == null) {
        deduplicated += ref.size();
      } else if (content == null) {
        throw new IllegalArgumentException(
            "output " + output.name() + " needs blob " + ref.digest()
                + ", which the store does not hold and the emit does not supply");
      } else {
        fs.publishReplacing(fs.stage(layout.tmp(), content.toByteArray()), layout.blob(ref.digest()));
        verifiedBlobs.add(ref.digest());
        written += ref.size();
      }
    }
    EmitOutcome outcome = existing;
    if (outcome == null) {
      outcome = publishRecord(target, record, encoded);
    }
    if (outcome == EmitOutcome.CONFLICT) {
      return new EmitResult(EmitOutcome.CONFLICT, 0, 0);
    }
    writeHead(record);
    return new EmitResult(outcome, written, deduplicated);
  }

  private void checkEmittable(Record record, Map<Digest, Bytes> blobs) {
    if (record.keyMaterial().protocolMajor() != header.protocolMajor()) {
      throw new IllegalArgumentException(
          "record key material has protocol major " + record.keyMaterial().protocolMajor()
              + ", the store holds major " + header.protocolMajor());
    }
    Digest key = Keys.inputKey(record.keyMaterial());
    if (!key.equals(record.inputKey())) {
      throw new IllegalArgumentException(
          "record input key " + record.inputKey() + " is not the digest of its key material, " + key);
    }
    Digest fingerprint = Keys.outputFingerprint(record.outputs());
    if (!fingerprint.equals(record.outputFingerprint())) {
      throw new IllegalArgumentException(
          "record output fingerprint " + record.outputFingerprint() + " is not the fingerprint of its outputs, "
              + fingerprint);
    }
    Map<Digest, Long> sizes = new HashMap<>();
    for (Output output : record.outputs()) {
      sizes.put(output.blob().digest(), output.blob().size());
    }
    for (Map.Entry<Digest, Bytes> blob : blobs.entrySet()) {
      Long size = sizes.get(blob.getKey());
      if (size == null) {
        throw new IllegalArgumentException("blob " + blob.getKey() + " is supplied but no output names it");
      }
      if (size != blob.getValue().size()) {
        throw new IllegalArgumentException(
            "blob " + blob.getKey() + " is " + blob.getValue().size() + " bytes, its output says " + size);
      }
      Digest actual = Keys.blobDigest(blob.getValue().toByteArray());
      if (!actual.equals(blob.getKey())) {
        throw new IllegalArgumentException(
            "blob supplied as " + blob.getKey() + " has content that hashes to " + actual);
      }
    }
  }

  /**
   * Compares the record already stored at {@code target}, if any, with {@code record}: null when
   * there is none, or only damage, which an emit replaces (REQ-STORE-097): anything but a regular
   * file, a file that does not decode, or a record that is not the one of this path (another facet
   * or key, or one that does not recompute to its key and fingerprint). Else ALREADY_PRESENT or
   * CONFLICT.
   */
  private EmitOutcome compareExisting(Path target, Record record) throws IOException {
    byte[] bytes;
    try {
      bytes = fs.read(target, Limits.MAX_MESSAGE_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException notARegularFileOrTooLarge) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      throw notARegularFileOrTooLarge;
    }
    Record stored;
    try {
      stored = CapnpCodec.decodeRecord(bytes);
    } catch (DecodeException | RuntimeException e) {
      return null;
    }
    if (checkRecord(stored, record.facet(), record.inputKey()) != null) {
      return null;
    }
    return sameContent(stored, record) ? EmitOutcome.ALREADY_PRESENT : EmitOutcome.CONFLICT;
  }

  /** Records are interchangeable when all but their producer agree. */
  static boolean sameContent(Record a, Record b) {
    return a.inputKey().equals(b.inputKey())
        && a.keyMaterial().equals(b.keyMaterial())
        && a.outputs().equals(b.outputs())
        && a.outputFingerprint().equals(b.outputFingerprint());
  }

  private EmitOutcome publishRecord(Path target, Record record, byte[] encoded) throws IOException {
    Path staged = fs.stage(layout.tmp(), encoded);
    try {
      fs.publishNew(staged, target);
      return EmitOutcome.CREATED;
    } catch (FileAlreadyExistsException e) {
      EmitOutcome outcome = compareExisting(target, record);
      if (outcome != null) {
        fs.delete(staged);
        return outcome;
      }
      // The file there is damage, never a record of this path, so it is replaced.
      fs.publishReplacing(staged, target);
      return EmitOutcome.CREATED;
    }
  }

  private void writeHead(Record record) throws IOException {
    Path head = layout.head(record.facet(), Keys.subjectDigest(record.subject()));
    byte[] content = Heads.format(record.inputKey());
    try {
      if (Arrays.equals(fs.read(head, MAX_HEAD_BYTES), content)) {
        return;
      }
    } catch (IOException absentOrDamaged) {
      // Written afresh below.
    }
    fs.publishReplacing(fs.stage(layout.tmp(), content), head);
  }

  /** The key the subject's head names for {@code facet}; empty when there is none. */
  Optional<Digest> readHead(Facet facet, Subject subject) throws IOException {
    Path head = layout.head(facet, Keys.subjectDigest(subject));
    byte[] bytes;
    try {
      bytes = fs.read(head, MAX_HEAD_BYTES);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(Heads.parse(bytes, relative(head)));
  }

  @Override
  public Bytes readBlob(Digest digest) throws IOException {
    checkOpen();
    Path file = layout.blob(digest);
    byte[] content = fs.read(file, MAX_BLOB_BYTES);
    Digest actual = Keys.blobDigest(content);
    if (!actual.equals(digest)) {
      throw new IOException("blob " + digest + " is damaged: its content hashes to " + actual);
    }
    verifiedBlobs.add(digest);
    return Bytes.wrap(content);
  }

  @Override
  public Explanation explain(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    Digest key = requestKey(subject, facet, keyMaterial);
    return Explainer.explain(this, subject, facet, keyMaterial, key);
  }

  /** The record stored at ({@code facet}, {@code key}), checked against its address. */
  Loaded readRecord(Facet facet, Digest key) {
    Path file = layout.record(facet, key);
    try {
      Record r = CapnpCodec.decodeRecord(fs.read(file, Limits.MAX_MESSAGE_BYTES));
      String wrong = checkRecord(r, facet, key);
      return wrong == null ? new Loaded(r, null) : new Loaded(null, "record " + key + " is wrong: " + wrong);
    } catch (NoSuchFileException e) {
      return new Loaded(null, "record " + key + " is not in the store");
    } catch (IOException | RuntimeException e) {
      return new Loaded(null, "record " + key + " is unreadable: " + e.getMessage());
    }
  }

  /** A record read from the store, or why it could not be. */
  record Loaded(Record record, String problem) {}

  @Override
  public VerifyReport verify() {
    checkOpen();
    return new Verifier(this).run();
  }

  @Override
  public GcReport gc(GcPolicy policy) throws IOException {
    checkOpen();
    try {
      return lock.exclusively(() -> new GarbageCollector(this, policy).run());
    } finally {
      records.clear();
    }
  }

  @Override
  public StoreStats stats() throws IOException {
    checkOpen();
    return Statistics.collect(this);
  }

  @Override
  public List<RecordSummary> list(Optional<Facet> facet) throws IOException {
    checkOpen();
    List<RecordSummary> out = new ArrayList<>();
    for (Scan.RecordFile f : Scan.of(layout).records) {
      if (facet.isPresent() && !facet.get().equals(f.facet())) {
        continue;
      }
      Record r = readRecord(f.facet(), f.key()).record();
      if (r != null) {
        long bytes = r.outputs().stream().mapToLong(o -> o.blob().size()).sum();
        boolean head;
        try {
          head = readHead(f.facet(), r.subject()).map(f.key()::equals).orElse(false);
        } catch (IOException e) {
          head = false;
        }
        out.add(new RecordSummary(
            f.facet(), f.key(), r.subject(), r.producer(), r.outputs().size(), bytes, r.outputFingerprint(), head));
      }
    }
    return out;
  }

  @Override
  public Optional<Record> record(Digest inputKey) throws IOException {
    checkOpen();
    for (Scan.RecordFile f : Scan.of(layout).records) {
      if (f.key().equals(inputKey)) {
        Loaded loaded = readRecord(f.facet(), inputKey);
        if (loaded.record() == null) {
          throw new IOException(loaded.problem());
        }
        return Optional.of(loaded.record());
      }
    }
    return Optional.empty();
  }

  String relative(Path file) {
    return layout.root().relativize(file).toString();
  }

  boolean isBlobVerified(Digest digest) {
    return verifiedBlobs.contains(digest);
  }

  RecordCache recordCache() {
    return records;
  }

  void forgetBlob(Digest digest) {
    verifiedBlobs.remove(digest);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store at " + layout.root() + " is closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      lock.release();
    }
  }
}
