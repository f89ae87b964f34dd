# Breaking: field `size` @2 retyped from UInt32 to UInt64.
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

  size @2 :UInt64;
  # The thing's size.

  union {
    none @3 :Void;
    label @4 :Text;
  }

  note @5 :Text;
  # A remark about the thing.
}
