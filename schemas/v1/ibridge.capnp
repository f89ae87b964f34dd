# ibridge protocol, version 1: what is stored.
#
# Every file under a store's records/ directory is one Cap'n Proto message whose root is a Record,
# and the store's STORE file is one message whose root is a StoreHeader. Messages use the standard
# (unpacked) stream framing. The evolution rule is in the specification's chapter "Versioning and
# evolution": ordinals and IDs are never reused, renumbered or retyped.

@0xb9457f73c50b0cc5;

enum DigestAlgorithm {
  # The function that produced a Digest. Version 1 defines SHA-256 only; a future algorithm is
  # added as a new enumerant, never by changing the meaning of an existing one.

  sha256 @0;
  # FIPS 180-4 SHA-256. Digest values are exactly 32 bytes.
}

struct Digest {
  # A content digest, tagged with the function that produced it so that a store can move to a new
  # function without reinterpreting old values.

  algorithm @0 :DigestAlgorithm;
  # The function that produced `value`.

  value @1 :Data;
  # The raw digest bytes; 32 for sha256.
}

struct StoreHeader {
  # Root of the STORE file at the top of every store. A reader checks it before anything else.

  protocolMajor @0 :UInt16;
  # Major protocol version of the store layout. A reader refuses a store whose major version is
  # greater than its own.

  protocolMinor @1 :UInt16;
  # Minor protocol version: newer minors only add optional information.

  digestAlgorithm @2 :DigestAlgorithm;
  # The digest function for every input key, output fingerprint and blob address in this store.

  createdBy @3 :Text;
  # Free-form name and version of the tool that created the store, for people.
}

struct Unit {
  # A compilation unit, identified independently of the activity that compiles it: the same unit
  # is checked, built and linted.

  packageId @0 :Text;
  # The package identity, as cargo prints it in `package_id`.

  targetName @1 :Text;
  # The target's name inside its package.

  targetKind @2 :Text;
  # The target's kind: lib, bin, proc-macro, test, bench, example or custom-build.

  targetTriple @3 :Text;
  # The target triple the unit is compiled for.
}

struct Subject {
  # What a record is about: a whole unit, or one module inside it.

  unit @0 :Unit;
  # The unit the subject belongs to.

  modulePath @1 :Text;
  # A `::`-separated module path inside the unit; empty for the whole unit.
}

struct Producer {
  # Who emitted a record. Informational: it is not part of the key material, so two tools that
  # compute the same facet from the same material produce interchangeable records.

  activity @0 :Text;
  # The activity that ran, such as check, clippy or build.

  tool @1 :Text;
  # The tool that emitted the record.

  toolVersion @2 :Text;
  # The version of that tool.
}

struct Toolchain {
  # The identity of the compiler toolchain whose output a record holds.

  name @0 :Text;
  # The toolchain's name, such as rustc.

  version @1 :Text;
  # The full version string, including the commit hash where the toolchain prints one.
}

struct ConfigEntry {
  # One configuration entry that a facet depends on. A facet lists only the entries it depends on.

  name @0 :Text;
  # The entry's name, such as profile.opt-level or cfg.feature.

  value @1 :Text;
  # The entry's value, as text.
}

struct DirectInput {
  # An input read directly by the computation, rather than through another record.

  union {
    file :group {
      # A source file.

      path @0 :Text;
      # The path relative to the workspace root, with `/` separators.

      digest @1 :Digest;
      # The digest of the file's content.

      size @2 :UInt64;
      # The file's size in bytes.
    }

    env :group {
      # An environment variable the computation read.

      name @3 :Text;
      # The variable's name.

      value :union {
        # The variable's value as seen by the computation.

        unset @4 :Void;
        # The variable was not set.

        set @5 :Text;
        # The variable was set to this value.
      }
    }
  }
}

struct Read {
  # One record that the computation read, by subject and facet, with the output fingerprint it saw.
  # Dependents are keyed on what they saw, never on how it was computed: this gives early cutoff.

  subject @0 :Subject;
  # The subject of the record that was read.

  facet @1 :Text;
  # The facet of the record that was read.

  outputFingerprint @2 :Digest;
  # The output fingerprint of the record that was read.
}

struct KeyMaterial {
  # Everything an input key is derived from. The input key is the SHA-256 of the canonical Avro
  # encoding of this material (see the specification, chapter "Key derivation").

  protocolMajor @0 :UInt16;
  # The protocol's major version; keys from different majors never collide.

  subject @1 :Subject;
  # The subject the record is about.

  facet @2 :Text;
  # The facet the record holds.

  toolchain @3 :Toolchain;
  # The toolchain that computed the facet.

  config @4 :List(ConfigEntry);
  # The configuration entries the facet depends on, sorted by name, names unique.

  inputs @5 :List(DirectInput);
  # Direct inputs: files first, then environment variables, each kind sorted by path or name.

  reads @6 :List(Read);
  # Records read, sorted by subject then facet, each pair at most once.
}

struct BlobRef {
  # A reference to a content-addressed blob in the store.

  digest @0 :Digest;
  # The digest of the blob's bytes; it is also the blob's address.

  size @1 :UInt64;
  # The blob's size in bytes.
}

struct Output {
  # One named output of a record.

  name @0 :Text;
  # The output's logical name, unique within the record, such as lib.rmeta.

  blob @1 :BlobRef;
  # Where the output's bytes are.

  observable @2 :Bool;
  # Whether dependents can observe this output. Only observable outputs enter the output
  # fingerprint; a comment-only edit changes no observable output.
}

struct Record {
  # The atomic response for one (subject, facet): what was computed, from what, and by whom.

  producer @0 :Producer;
  # Who emitted the record.

  inputKey @1 :Digest;
  # The digest of `keyMaterial`; the record's address in the store.

  keyMaterial @2 :KeyMaterial;
  # The full material the input key was derived from, including the subject, the facet and the
  # reads with the output fingerprints they observed.

  outputs @3 :List(Output);
  # The outputs, sorted by name, names unique.

  outputFingerprint @4 :Digest;
  # The digest of the observable outputs; what dependents read.
}
