# Compatible with base.capnp: a field appended with the next ordinal, a new struct, comment edits.
@0xe4a1f0c2b7d3e5a9;

enum Kind {
  # What a thing is, in two sizes.
  small @0;
  large @1;
}

struct Thing {
  # A thing with a name, a kind, a size and an owner.

  name @0 :Text;
  # The thing's name, for people.

  kind @1 :Kind;
  # The thing's kind.

  size @2 :UInt32;
  # The thing's size.

  union {
    none @3 :Void;
    label @4 :Text;
  }

  note @5 :Text;
  # A remark about the thing, for people.

  owner @6 :Owner;
  # Who owns the thing; new in this version.
}

struct Owner {
  # A new struct that no old field refers to.
  name @0 :Text;
}
