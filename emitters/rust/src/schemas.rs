//! The Avro schemas of version 1, as the generated schema reference prints them
//! (`spec/target/generated/schema-reference.adoc`), embedded from `schemas/*.avsc`.

#![deny(unsafe_code)]

use std::sync::OnceLock;

use crate::avro::Schema;

macro_rules! embedded_schema {
    ($(#[$doc:meta])* $fn_name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $fn_name() -> &'static Schema {
            static SCHEMA: OnceLock<Schema> = OnceLock::new();
            SCHEMA.get_or_init(|| {
                Schema::parse(include_str!(concat!("../schemas/", $file)))
                    .expect(concat!("embedded schema ", $file, " parses"))
            })
        }
    };
}

embedded_schema!(
    /// `dev.ibridge.protocol.KeyMaterial`: the pre-image of input keys.
    key_material, "KeyMaterial.avsc");
embedded_schema!(
    /// `dev.ibridge.protocol.OutputManifest`: the pre-image of output fingerprints.
    output_manifest, "OutputManifest.avsc");
embedded_schema!(
    /// `dev.ibridge.protocol.Subject`: the pre-image of subject digests.
    subject, "Subject.avsc");
embedded_schema!(
    /// `dev.ibridge.protocol.JournalEvent`: one entry of a session's journal.
    journal_event, "JournalEvent.avsc");
embedded_schema!(
    /// `dev.ibridge.protocol.HarnessFrame`: every frame of the conformance harness.
    harness_frame, "HarnessFrame.avsc");
