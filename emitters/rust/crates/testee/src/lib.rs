//! The conformance harness protocol on the testee's side, on top of the protocol library
//! `ibridge`: the `ibridge-testee` binary serves it, and a tool of your own can too.

pub mod harness;
