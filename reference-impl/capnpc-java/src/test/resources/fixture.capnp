# Test fixture for ibridge-capnpc-java: one schema that uses every feature the generator supports.
# The generated bindings are checked in under src/test/generated/java and kept up to date by
# FixtureBindingsDriftTest.

@0xe0d4c7f2a1b3c5d7;

enum Color {
  # An enum with a multi-word enumerant.

  red @0;
  green @1;
  blueGreen @2;
}

struct Scalars {
  # One field of every data and blob type.

  v @0 :Void;
  b @1 :Bool;
  i8 @2 :Int8;
  i16 @3 :Int16;
  i32 @4 :Int32;
  i64 @5 :Int64;
  u8 @6 :UInt8;
  u16 @7 :UInt16;
  u32 @8 :UInt32;
  u64 @9 :UInt64;
  f32 @10 :Float32;
  f64 @11 :Float64;
  t @12 :Text;
  d @13 :Data;
  color @14 :Color;
  b2 @15 :Bool;
  # A second Bool, packed into the same byte as `b`.
}

struct Defaults {
  # Non-zero defaults: stored XORed with the default, so an all-zero struct reads as these.

  b @0 :Bool = true;
  i8 @1 :Int8 = -5;
  i16 @2 :Int16 = -300;
  i32 @3 :Int32 = 123456;
  i64 @4 :Int64 = -9876543210;
  u8 @5 :UInt8 = 200;
  u16 @6 :UInt16 = 65000;
  u32 @7 :UInt32 = 4000000000;
  u64 @8 :UInt64 = 18000000000000000000;
  f32 @9 :Float32 = 1.5;
  f64 @10 :Float64 = -2.25;
  color @11 :Color = blueGreen;
}

struct Lists {
  # A list of every element kind.

  voids @0 :List(Void);
  bools @1 :List(Bool);
  i8s @2 :List(Int8);
  u16s @3 :List(UInt16);
  i32s @4 :List(Int32);
  u64s @5 :List(UInt64);
  f32s @6 :List(Float32);
  f64s @7 :List(Float64);
  colors @8 :List(Color);
  texts @9 :List(Text);
  datas @10 :List(Data);
  structs @11 :List(Scalars);
  nested @12 :List(List(Int32));
}

struct Shapes {
  # Unions (anonymous and named) and groups, nested inside each other.

  name @0 :Text;

  union {
    circle @1 :Float64;
    # The radius.

    square :group {
      side @2 :Float64;
      label @3 :Text;
    }

    nothing @4 :Void;

    tagged @5 :Inner;
  }

  extra :union {
    none @6 :Void;
    count @7 :UInt32;
    note @8 :Text;
  }

  outer :group {
    depth @9 :UInt8;

    inner :group {
      union {
        left @10 :Int16;

        right :group {
          code @11 :Color;
          flags @12 :List(Bool);
        }
      }
    }
  }

  struct Inner {
    # A struct nested in a struct, with an enum nested in it.

    enum Mode {
      fast @0;
      slow @1;
    }

    value @0 :Int32;
    mode @1 :Mode;
  }
}

struct Empty {
  # A struct with no fields at all.
}
