//! The Avro schemas of version 1, parsed once from their JSON form, which `./regenerate` writes
//! from the IDL in `schemas/v1` into `generated::avro_schemas`.

#![deny(unsafe_code)]

use std::sync::OnceLock;

use crate::avro::Schema;
use crate::generated::avro_schemas;

macro_rules! embedded_schema {
    ($(#[$doc:meta])* $fn_name:ident, $text:ident) => {
        $(#[$doc])*
        pub fn $fn_name() -> &'static Schema {
            static SCHEMA: OnceLock<Schema> = OnceLock::new();
            SCHEMA.get_or_init(|| {
                Schema::parse(avro_schemas::$text).expect(concat!("embedded schema ", stringify!($text), " parses"))
            })
        }
    };
}

embedded_schema!(
    /// `dev.ibridge.protocol.KeyMaterial`: the pre-image of input keys.
    key_material, KEY_MATERIAL);
embedded_schema!(
    /// `dev.ibridge.protocol.OutputManifest`: the pre-image of output fingerprints.
    output_manifest, OUTPUT_MANIFEST);
embedded_schema!(
    /// `dev.ibridge.protocol.Subject`: the pre-image of subject digests.
    subject, SUBJECT);
embedded_schema!(
    /// `dev.ibridge.protocol.JournalEvent`: one entry of a session's journal.
    journal_event, JOURNAL_EVENT);
embedded_schema!(
    /// `dev.ibridge.protocol.HarnessFrame`: every frame of the conformance harness.
    harness_frame, HARNESS_FRAME);
