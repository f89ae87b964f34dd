// The access layer that ./regenerate writes at the top of emitters/rust/crates/ibridge/src/generated/capnp_layout.rs,
// after the file's header: the one place the Rust crate uses the capnp runtime's private layout API.

use capnp::message::{self, Allocator, ReaderSegments};
use capnp::private::layout::{ElementSize, ListBuilder, ListReader, PointerBuilder, PointerReader, StructBuilder, StructReader, StructSize};
use capnp::traits::{FromPointerBuilder, FromPointerReader};

/// A struct's size: its data words and its pointers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub data: u16,
    pub pointers: u16,
}

impl Size {
    fn layout(self) -> StructSize {
        StructSize { data: self.data, pointers: self.pointers }
    }
}

/// A struct being written, addressed by the offsets and pointer indexes below.
#[derive(Clone, Copy)]
pub struct StructOut<'a>(StructBuilder<'a>);

impl<'a> StructOut<'a> {
    pub fn set_u16(self, offset: usize, value: u16) {
        self.0.set_data_field::<u16>(offset, value);
    }

    pub fn set_u64(self, offset: usize, value: u64) {
        self.0.set_data_field::<u64>(offset, value);
    }

    pub fn set_bool(self, offset: usize, value: bool) {
        self.0.set_bool_field(offset, value);
    }

    pub fn set_text(self, pointer: usize, value: &str) {
        self.0.get_pointer_field(pointer).set_text(value);
    }

    pub fn set_data(self, pointer: usize, value: &[u8]) {
        self.0.get_pointer_field(pointer).set_data(value);
    }

    pub fn init_struct(self, pointer: usize, size: Size) -> StructOut<'a> {
        StructOut(self.0.get_pointer_field(pointer).init_struct(size.layout()))
    }

    pub fn init_list(self, pointer: usize, len: u32, size: Size) -> ListOut<'a> {
        ListOut(self.0.get_pointer_field(pointer).init_struct_list(len, size.layout()))
    }
}

/// A list of structs being written.
#[derive(Clone, Copy)]
pub struct ListOut<'a>(ListBuilder<'a>);

impl<'a> ListOut<'a> {
    pub fn get(self, index: u32) -> StructOut<'a> {
        StructOut(self.0.get_struct_element(index))
    }
}

struct RootOut<'a>(PointerBuilder<'a>);

impl<'a> FromPointerBuilder<'a> for RootOut<'a> {
    fn init_pointer(builder: PointerBuilder<'a>, _length: u32) -> Self {
        RootOut(builder)
    }
    fn get_from_pointer(builder: PointerBuilder<'a>, _default: Option<&'a [capnp::Word]>) -> capnp::Result<Self> {
        Ok(RootOut(builder))
    }
}

/// Sets the root of `message` to a new struct of `size`.
pub fn init_root<A: Allocator>(message: &mut message::Builder<A>, size: Size) -> StructOut<'_> {
    StructOut(message.init_root::<RootOut>().0.init_struct(size.layout()))
}

/// A struct being read.
#[derive(Clone, Copy)]
pub struct StructIn<'a>(StructReader<'a>);

impl<'a> StructIn<'a> {
    pub fn u16(self, offset: usize) -> u16 {
        self.0.get_data_field::<u16>(offset)
    }

    pub fn u64(self, offset: usize) -> u64 {
        self.0.get_data_field::<u64>(offset)
    }

    pub fn bool(self, offset: usize) -> bool {
        self.0.get_bool_field(offset)
    }

    pub fn pointer(self, pointer: usize) -> PointerIn<'a> {
        PointerIn(self.0.get_pointer_field(pointer))
    }
}

/// A pointer field being read.
#[derive(Clone, Copy)]
pub struct PointerIn<'a>(PointerReader<'a>);

impl<'a> PointerIn<'a> {
    pub fn is_null(self) -> bool {
        self.0.is_null()
    }

    pub fn read_struct(self) -> capnp::Result<StructIn<'a>> {
        self.0.get_struct(None).map(StructIn)
    }

    pub fn struct_list(self) -> capnp::Result<ListIn<'a>> {
        self.0.get_list(ElementSize::InlineComposite, None).map(ListIn)
    }

    pub fn text(self) -> capnp::Result<&'a str> {
        self.0.get_text(None)
    }

    pub fn data(self) -> capnp::Result<&'a [u8]> {
        self.0.get_data(None)
    }
}

/// A list of structs being read.
#[derive(Clone, Copy)]
pub struct ListIn<'a>(ListReader<'a>);

impl<'a> ListIn<'a> {
    pub fn len(self) -> u32 {
        self.0.len()
    }

    pub fn get(self, index: u32) -> StructIn<'a> {
        StructIn(self.0.get_struct_element(index))
    }
}

struct RootIn<'a>(StructReader<'a>);

impl<'a> FromPointerReader<'a> for RootIn<'a> {
    fn get_from_pointer(reader: &PointerReader<'a>, default: Option<&'a [capnp::Word]>) -> capnp::Result<Self> {
        Ok(RootIn(reader.get_struct(default)?))
    }
}

/// The root struct of `message`.
pub fn read_root<S: ReaderSegments>(message: &message::Reader<S>) -> capnp::Result<StructIn<'_>> {
    Ok(StructIn(message.get_root::<RootIn>()?.0))
}
