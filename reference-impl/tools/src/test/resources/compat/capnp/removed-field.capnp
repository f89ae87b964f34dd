# Breaking: field `note` @5 removed.
@0xe4a1f0c2b7d3e5a9;

enum Kind {
  # What a thing is.
  small @0;
  large @1;
}

struct Thing {
  # A thing with a name, a kind and a size.

  name @0 :Text;
  # The thing's name.

  kind @1 :Kind;
  # The thing's kind.

  size @2 :UInt32;
  # The thing's size.

  union {
    none @3 :Void;
    label @4 :Text;
  }
}
