#!/usr/bin/env python3
"""A starter testee for the ibridge conformance suite, in JSON-lines mode, standard library only.

It implements the profile derive-key,output-fingerprint: it answers Hello, DeriveKey,
OutputFingerprint and Shutdown, and answers every other call with ErrorReply UNSUPPORTED. Run it
with:

    ./ibridge conformance --jsonl --profile derive-key,output-fingerprint \
        --testee "python3 examples/python-testee/testee.py"

The spec chapters it follows: "The conformance harness protocol" (framing, calls, errors, the
JSON-lines mode), "Key derivation and output fingerprints" (the canonical encoding and the two
digests) and REQ-SEC-008 (what a JSON reader must refuse).

The program has three parts, each driven by the schema table SCHEMA below:
  1. decode: a strict reader of Avro's JSON encoding (unknown members, wrong types, out-of-range
     numbers and wrong union shapes are parse errors);
  2. encode_binary: Avro's binary encoding with one block per array, the canonical encoding that
     keys and fingerprints hash;
  3. serve: the loop that reads one line, answers it with one line, and exits on Shutdown or at
     the end of the input.
"""

import hashlib
import json
import re
import sys

NS = "dev.ibridge.protocol."
HARNESS_VERSION = 1
MAX_LINE_BYTES = 64 * 1024 * 1024  # REQ-HARNESS-003, applied to each line (REQ-HARNESS-013)
MAX_NUMBER_CHARS = 1000  # REQ-SEC-008


# ---- The schema: schemas/v1/ibridge.avdl and schemas/v1/harness.avdl, transcribed.
#
# A type is a primitive name ("int", "long", "string", "bytes", "boolean"), the name of an entry
# of SCHEMA, ("array", item type) or ("union", [branch types]); "null" is only a union branch.
# A record is a list of (field name, type) in declaration order; an enum is ("enum", [symbols]).

def rec(*fields):
    return ("record", list(fields))


def enum(*symbols):
    return ("enum", list(symbols))


def array(item):
    return ("array", item)


def union(*branches):
    return ("union", list(branches))


SCHEMA = {
    # ibridge.avdl: the types that key material and output manifests are made of.
    "DigestAlgorithm": enum("SHA256"),
    "Digest": rec(("algorithm", "DigestAlgorithm"), ("value", "bytes")),
    "Unit": rec(("packageId", "string"), ("targetName", "string"), ("targetKind", "string"),
                ("targetTriple", "string")),
    "Subject": rec(("unit", "Unit"), ("modulePath", "string")),
    "Toolchain": rec(("name", "string"), ("version", "string")),
    "ConfigEntry": rec(("name", "string"), ("value", "string")),
    "FileInput": rec(("path", "string"), ("digest", "Digest"), ("size", "long")),
    "EnvInput": rec(("name", "string"), ("value", union("null", "string"))),
    "Read": rec(("subject", "Subject"), ("facet", "string"), ("outputFingerprint", "Digest")),
    "KeyMaterial": rec(("protocolMajor", "int"), ("subject", "Subject"), ("facet", "string"),
                       ("toolchain", "Toolchain"), ("config", array("ConfigEntry")),
                       ("inputs", array(union("FileInput", "EnvInput"))), ("reads", array("Read"))),
    "ObservableOutput": rec(("name", "string"), ("digest", "Digest"), ("size", "long")),
    "OutputManifest": rec(("protocolMajor", "int"), ("outputs", array("ObservableOutput"))),
    "RequestOutcome": enum("HIT", "MISS"),
    "EmitOutcome": enum("CREATED", "ALREADY_PRESENT", "CONFLICT"),

    # harness.avdl: the frames.
    "Operation": enum("DERIVE_KEY", "OUTPUT_FINGERPRINT", "REQUEST", "EMIT", "RUN_ACTIVITY",
                      "READ_STORE"),
    "Hello": rec(("harnessVersion", "int"), ("runner", "string")),
    "HelloReply": rec(("harnessVersion", "int"), ("name", "string"), ("version", "string"),
                      ("operations", array("Operation")), ("facets", array("string"))),
    "DeriveKey": rec(("keyMaterial", "KeyMaterial")),
    "DeriveKeyReply": rec(("inputKey", "Digest"), ("canonicalBytes", union("null", "bytes"))),
    "OutputRef": rec(("name", "string"), ("digest", "Digest"), ("size", "long"),
                     ("observable", "boolean")),
    "OutputFingerprint": rec(("outputs", array("OutputRef"))),
    "OutputFingerprintReply": rec(("outputFingerprint", "Digest"),
                                  ("canonicalBytes", union("null", "bytes"))),
    "Request": rec(("store", "string"), ("subject", "Subject"), ("facet", "string"),
                   ("keyMaterial", "KeyMaterial")),
    "RequestReply": rec(("outcome", "RequestOutcome"), ("record", union("null", "bytes")),
                        ("missReason", union("null", "string"))),
    "Blob": rec(("digest", "Digest"), ("content", "bytes")),
    "Emit": rec(("store", "string"), ("record", "bytes"), ("blobs", array("Blob"))),
    "EmitReply": rec(("outcome", "EmitOutcome"), ("bytesWritten", "long"),
                     ("bytesDeduplicated", "long")),
    "RunActivity": rec(("store", "string"), ("workspace", "string"), ("activity", "string"),
                       ("packages", array("string")), ("catalog", union("null", "string"))),
    "Compile": rec(("subject", "Subject"), ("facet", "string"), ("keyMaterial", "KeyMaterial")),
    "CompiledOutput": rec(("name", "string"), ("content", "bytes"), ("observable", "boolean")),
    "CompileReply": rec(("outputs", array("CompiledOutput"))),
    "StepDecision": enum("REUSED", "RECOMPUTED"),
    "ActivityStep": rec(("subject", "Subject"), ("facet", "string"), ("decision", "StepDecision"),
                        ("inputKey", "Digest"), ("outputFingerprint", "Digest")),
    "ActivityReport": rec(("steps", array("ActivityStep"))),
    "RecordQuery": rec(("inputKey", "Digest")),
    "HeadsQuery": rec(("facet", union("null", "string"))),
    "BlobQuery": rec(("digest", "Digest")),
    "ReadStore": rec(("store", "string"),
                     ("query", union("RecordQuery", "HeadsQuery", "BlobQuery"))),
    "RecordAnswer": rec(("record", union("null", "bytes"))),
    "Head": rec(("subject", "Subject"), ("facet", "string"), ("inputKey", "Digest")),
    "HeadsAnswer": rec(("heads", array("Head"))),
    "BlobAnswer": rec(("content", union("null", "bytes"))),
    "ReadStoreReply": rec(("answer", union("RecordAnswer", "HeadsAnswer", "BlobAnswer"))),
    "ErrorKind": enum("PARSE_ERROR", "UNSUPPORTED", "RUNTIME_ERROR", "REJECTED"),
    "ErrorReply": rec(("kind", "ErrorKind"), ("message", "string")),
    "Shutdown": rec(),
}
# The branches of HarnessFrame.body, in order (only the binary mode uses their indexes).
FRAME_BODIES = ["Hello", "HelloReply", "DeriveKey", "DeriveKeyReply", "OutputFingerprint",
                "OutputFingerprintReply", "Request", "RequestReply", "Emit", "EmitReply",
                "RunActivity", "Compile", "CompileReply", "ActivityReport", "ReadStore",
                "ReadStoreReply", "ErrorReply", "Shutdown"]
SCHEMA["HarnessFrame"] = rec(("body", union(*FRAME_BODIES)))

INT_RANGE = (-2**31, 2**31 - 1)
LONG_RANGE = (-2**63, 2**63 - 1)


class ParseError(Exception):
    """The frame is not the Avro JSON encoding of a HarnessFrame: answered PARSE_ERROR."""


class Rejected(Exception):
    """The frame parses but breaks a protocol rule: answered REJECTED (REQ-HARNESS-007)."""


# ---- 1. Decoding Avro's JSON encoding, strictly.
#
# Values come out as: dict for a record, str for a string or an enum symbol, bytes for bytes,
# int, bool, list for an array, and (branch type, value) for a union.

def type_name(t):
    """The name Avro's JSON encoding gives a union branch: full names for named types."""
    return t if t in ("null", "int", "long", "string", "bytes", "boolean") else NS + t


def decode(t, v, at):
    if isinstance(t, tuple) and t[0] == "array":
        if not isinstance(v, list):
            raise ParseError(f"{at}: expected an array")
        return [decode(t[1], item, f"{at}[{i}]") for i, item in enumerate(v)]
    if isinstance(t, tuple) and t[0] == "union":
        if v is None and "null" in t[1]:
            return ("null", None)
        if not isinstance(v, dict) or len(v) != 1:
            raise ParseError(f"{at}: a union value must be null or an object of one member")
        (name, inner), = v.items()
        for branch in t[1]:
            if branch != "null" and type_name(branch) == name:
                return (branch, decode(branch, inner, at))
        raise ParseError(f"{at}: {name!r} is not a branch of this union")
    if t in ("int", "long"):
        low, high = INT_RANGE if t == "int" else LONG_RANGE
        if type(v) is not int or not low <= v <= high:  # bool is an int in Python: excluded
            raise ParseError(f"{at}: expected an {t}")
        return v
    if t == "boolean":
        if type(v) is not bool:
            raise ParseError(f"{at}: expected a boolean")
        return v
    if t == "string":
        if not isinstance(v, str):
            raise ParseError(f"{at}: expected a string")
        return v
    if t == "bytes":
        # Avro writes bytes as a string whose characters U+0000 to U+00FF are the byte values.
        if not isinstance(v, str) or any(ord(c) > 0xFF for c in v):
            raise ParseError(f"{at}: expected bytes, a string of U+0000 to U+00FF")
        return v.encode("latin-1")
    kind, detail = SCHEMA[t]
    if kind == "enum":
        if v not in detail:
            raise ParseError(f"{at}: {v!r} is not a symbol of {t}")
        return v
    if not isinstance(v, dict):
        raise ParseError(f"{at}: expected a {t} object")
    names = [name for name, _ in detail]
    unknown = [m for m in v if m not in names]
    if unknown:
        raise ParseError(f"{at}: unknown member {unknown[0]!r} in {t}")
    missing = [name for name in names if name not in v]
    if missing:
        raise ParseError(f"{at}: {t} lacks {missing[0]!r}")
    return {name: decode(ft, v[name], f"{at}.{name}") for name, ft in detail}


def no_duplicates(pairs):
    members = {}
    for name, value in pairs:
        if name in members:
            raise ParseError(f"the member {name!r} occurs twice")
        members[name] = value
    return members


def short_number(text):
    if len(text) > MAX_NUMBER_CHARS:
        raise ParseError(f"a number of {len(text)} characters")
    return int(text)


def not_in_schema(text):
    # The harness schema has no float or double, so a fraction or exponent is never valid.
    raise ParseError(f"the number {text[:40]} is not an integer")


def parse_frame(line):
    """One line of input to (body type, value)."""
    try:
        text = line.decode("utf-8")
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_int=short_number,
                           parse_float=not_in_schema, parse_constant=not_in_schema)
    except UnicodeDecodeError:
        raise ParseError("the line is not UTF-8")
    except RecursionError:
        raise ParseError("the JSON nests too deep")
    except ValueError as e:  # json.JSONDecodeError, which also covers text after the value
        raise ParseError(f"not JSON: {e}")
    return decode("HarnessFrame", value, "$")["body"]


# ---- 2. The canonical encoding: Avro binary, each array one block (REQ-KEY-002, REQ-KEY-003).

def varint(n):
    """A long, zig-zag encoded, as a base-128 varint, least significant group first."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z >= 0x80:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


def encode_binary(t, v):
    if isinstance(t, tuple) and t[0] == "array":
        if not v:
            return b"\x00"
        return varint(len(v)) + b"".join(encode_binary(t[1], item) for item in v) + b"\x00"
    if isinstance(t, tuple) and t[0] == "union":
        branch, inner = v
        return varint(t[1].index(branch)) + (b"" if branch == "null" else encode_binary(branch, inner))
    if t in ("int", "long"):
        return varint(v)
    if t == "boolean":
        return b"\x01" if v else b"\x00"
    if t == "string":
        v = v.encode("utf-8")
    if t in ("string", "bytes"):
        return varint(len(v)) + v
    kind, detail = SCHEMA[t]
    if kind == "enum":
        return varint(detail.index(v))
    return b"".join(encode_binary(ft, v[name]) for name, ft in detail)


def sha256_digest(data):
    return {"algorithm": "SHA256", "value": hashlib.sha256(data).digest()}


# ---- The two operations.

def check_sorted(keys, what):
    """REQ-KEY-010: material out of canonical order, or with a duplicate, is refused, not sorted.
    Python compares str by code point, which is the order the spec asks for (REQ-KEY-004)."""
    for a, b in zip(keys, keys[1:]):
        if not a < b:
            raise Rejected(f"{what} are not sorted and unique: {a!r} before {b!r}")


# REQ-MODEL-006: a facet name is dot-separated segments of [a-z][a-z0-9-]*, at most 128 characters.
FACET_NAME = re.compile(r"[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*")
DIGEST_BYTES = {"SHA256": 32}  # REQ-MODEL-004: the length the algorithm defines


def check_facet(name, what):
    if len(name) > 128 or not FACET_NAME.fullmatch(name):
        raise Rejected(f"{what} {name!r} is not a valid facet name")


def check_digest(digest, what):
    if len(digest["value"]) != DIGEST_BYTES[digest["algorithm"]]:
        raise Rejected(f"{what} has {len(digest['value'])} bytes, not {DIGEST_BYTES[digest['algorithm']]}")


def subject_key(s):
    u = s["unit"]
    return (u["packageId"], u["targetName"], u["targetKind"], u["targetTriple"], s["modulePath"])


def derive_key(call):
    # REQ-HARNESS-020: a call that parsed but whose value breaks a rule of the data model is
    # REJECTED, never a key computed from it.
    km = call["keyMaterial"]
    check_facet(km["facet"], "the facet")
    for r in km["reads"]:
        check_facet(r["facet"], "a read's facet")
        check_digest(r["outputFingerprint"], "a read's output fingerprint")
    for branch, i in km["inputs"]:
        if branch == "FileInput":
            check_digest(i["digest"], f"the digest of {i['path']!r}")
    check_sorted([c["name"] for c in km["config"]], "config entries")
    files = [i for branch, i in km["inputs"] if branch == "FileInput"]
    env = [i for branch, i in km["inputs"] if branch == "EnvInput"]
    if [b for b, _ in km["inputs"]] != ["FileInput"] * len(files) + ["EnvInput"] * len(env):
        raise Rejected("inputs must list every file before every variable")
    check_sorted([f["path"] for f in files], "file inputs")
    check_sorted([e["name"] for e in env], "variable inputs")
    check_sorted([(subject_key(r["subject"]), r["facet"]) for r in km["reads"]], "reads")
    if any(f["size"] < 0 for f in files):
        raise Rejected("a file input has a negative size")
    canonical = encode_binary("KeyMaterial", km)
    return "DeriveKeyReply", {"inputKey": sha256_digest(canonical),
                              "canonicalBytes": ("bytes", canonical)}


def output_fingerprint(call):
    for o in call["outputs"]:
        check_digest(o["digest"], f"the digest of output {o['name']!r}")
    if any(o["size"] < 0 for o in call["outputs"]):
        raise Rejected("an output has a negative size")
    # REQ-FP-002: only observable outputs; REQ-FP-003: sorted by name, names unique.
    observable = sorted((o for o in call["outputs"] if o["observable"]), key=lambda o: o["name"])
    check_sorted([o["name"] for o in observable], "observable output names")
    manifest = {"protocolMajor": 1,
                "outputs": [{"name": o["name"], "digest": o["digest"], "size": o["size"]}
                            for o in observable]}
    canonical = encode_binary("OutputManifest", manifest)
    return "OutputFingerprintReply", {"outputFingerprint": sha256_digest(canonical),
                                      "canonicalBytes": ("bytes", canonical)}


def hello(call):
    return "HelloReply", {"harnessVersion": HARNESS_VERSION, "name": "python-starter-testee",
                          "version": "0.1.0", "operations": ["DERIVE_KEY", "OUTPUT_FINGERPRINT"],
                          "facets": []}


OPERATIONS = {"Hello": hello, "DeriveKey": derive_key, "OutputFingerprint": output_fingerprint}


# ---- 3. Writing replies and serving.

def encode_json(t, v):
    """A decoded value back to Avro's JSON encoding (the inverse of decode)."""
    if isinstance(t, tuple) and t[0] == "array":
        return [encode_json(t[1], item) for item in v]
    if isinstance(t, tuple) and t[0] == "union":
        branch, inner = v
        return None if branch == "null" else {type_name(branch): encode_json(branch, inner)}
    if t == "bytes":
        return v.decode("latin-1")
    if t in ("int", "long", "boolean", "string") or SCHEMA[t][0] == "enum":
        return v
    return {name: encode_json(ft, v[name]) for name, ft in SCHEMA[t][1]}


def write(out, body_type, value):
    frame = {"body": (body_type, value)}
    line = json.dumps(encode_json("HarnessFrame", frame), separators=(",", ":"))
    out.write(line.encode("ascii") + b"\n")  # json.dumps escapes every non-ASCII character
    out.flush()


def error(out, kind, message):
    write(out, "ErrorReply", {"kind": kind, "message": " ".join(str(message).split())})


def read_line(inp):
    """The next non-blank line, or None at the end of the input; an overlong line is a ParseError
    (raised after skipping the rest of it, so the next line starts a fresh frame)."""
    while True:
        line = inp.readline(MAX_LINE_BYTES + 1)
        if not line:
            return None
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = inp.readline(1 << 20)
            raise ParseError("a line longer than 64 MiB")
        if line.strip():  # REQ-HARNESS-013: lines of only white space are ignored
            return line


def serve(inp, out):
    while True:
        try:
            line = read_line(inp)
            if line is None:
                return  # REQ-HARNESS-009: the end of the input ends the testee, status 0
            body_type, call = parse_frame(line)
        except ParseError as e:
            error(out, "PARSE_ERROR", e)
            continue
        if body_type == "Shutdown":
            return  # REQ-HARNESS-009: no reply
        operation = OPERATIONS.get(body_type)
        if operation is None:  # a call left out, a reply, or Compile outside RunActivity
            error(out, "UNSUPPORTED", f"this testee does not answer {body_type}")
            continue
        try:
            reply_type, reply = operation(call)
        except Rejected as e:
            error(out, "REJECTED", e)
            continue
        except Exception as e:  # a bug of ours, not a fault of the input
            error(out, "RUNTIME_ERROR", f"{type(e).__name__}: {e}")
            continue
        write(out, reply_type, reply)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
