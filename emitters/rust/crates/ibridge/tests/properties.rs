//! Seeded round-trip properties over generated values. Each case is generated from its own
//! SplitMix64 seed; a failure prints the seed and the command that replays it.

mod common;

use common::SplitMix64;
use ibridge::avro_model::{self, AvroMessage};
use ibridge::key;
use ibridge::model::*;
use ibridge::record;

struct Gen(SplitMix64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0.next()
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn text(&mut self, max: u64) -> String {
        const ALPHABET: [&str; 12] = ["a", "z", "0", "-", ".", "/", ":", " ", "é", "e\u{301}", "日本", "🦀"];
        (0..self.below(max + 1)).map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize]).collect()
    }
    fn non_empty(&mut self, max: u64) -> String {
        let t = self.text(max);
        if t.is_empty() { "x".into() } else { t }
    }
    fn facet(&mut self) -> String {
        let segments = 1 + self.below(3);
        (0..segments)
            .map(|_| {
                let first = char::from(b'a' + self.below(26) as u8);
                let rest: String = (0..self.below(6)).map(|_| b"abz09-"[self.below(6) as usize] as char).collect();
                format!("{first}{rest}")
            })
            .collect::<Vec<_>>()
            .join(".")
    }
    fn digest(&mut self) -> Digest {
        Digest::sha256(&self.next().to_le_bytes())
    }
    fn size(&mut self) -> u64 {
        match self.below(4) {
            0 => 0,
            1 => i64::MAX as u64,
            _ => self.below(1 << 40),
        }
    }
    fn subject(&mut self) -> Subject {
        let module_path = match self.below(3) {
            0 => String::new(),
            _ => (0..1 + self.below(3)).map(|_| self.non_empty(3).replace(':', "_")).collect::<Vec<_>>().join("::"),
        };
        Subject {
            unit: Unit { package_id: self.non_empty(12), target_name: self.non_empty(4), target_kind: "lib".into(), target_triple: self.non_empty(6) },
            module_path,
        }
    }
    fn key_material(&mut self) -> KeyMaterial {
        let mut config: Vec<ConfigEntry> = (0..self.below(6)).map(|_| ConfigEntry { name: self.text(4), value: self.text(6) }).collect();
        config.sort_by(|a, b| a.name.cmp(&b.name));
        config.dedup_by(|a, b| a.name == b.name);
        let mut files: Vec<DirectInput> = (0..self.below(6))
            .map(|_| DirectInput::File { path: self.text(8), digest: self.digest(), size: self.size() })
            .collect();
        let mut envs: Vec<DirectInput> = (0..self.below(4))
            .map(|_| {
                let value = if self.below(2) == 0 { None } else { Some(self.text(4)) };
                DirectInput::Env { name: self.text(4), value }
            })
            .collect();
        let key = |i: &DirectInput| match i {
            DirectInput::File { path, .. } => path.clone(),
            DirectInput::Env { name, .. } => name.clone(),
        };
        files.sort_by_key(key);
        files.dedup_by(|a, b| key(a) == key(b));
        envs.sort_by_key(key);
        envs.dedup_by(|a, b| key(a) == key(b));
        files.extend(envs);
        let mut reads: Vec<Read> = (0..self.below(4)).map(|_| Read { subject: self.subject(), facet: self.facet(), output_fingerprint: self.digest() }).collect();
        let read_key = |r: &Read| {
            let u = &r.subject.unit;
            (u.package_id.clone(), u.target_name.clone(), u.target_kind.clone(), u.target_triple.clone(), r.subject.module_path.clone(), r.facet.clone())
        };
        reads.sort_by_key(read_key);
        reads.dedup_by(|a, b| read_key(a) == read_key(b));
        KeyMaterial {
            protocol_major: 1,
            subject: self.subject(),
            facet: self.facet(),
            toolchain: Toolchain { name: self.text(5), version: self.text(10) },
            config,
            inputs: files,
            reads,
        }
    }
    fn record(&mut self) -> Record {
        let key_material = self.key_material();
        let mut outputs: Vec<Output> = (0..self.below(6))
            .map(|_| Output { name: self.text(6), blob: BlobRef { digest: self.digest(), size: self.size() }, observable: self.below(2) == 0 })
            .collect();
        outputs.sort_by(|a, b| a.name.cmp(&b.name));
        outputs.dedup_by(|a, b| a.name == b.name);
        Record {
            producer: Producer { activity: self.text(5), tool: self.text(5), tool_version: self.text(5) },
            input_key: key::input_key(&key_material).expect("generated key material is canonical"),
            output_fingerprint: key::output_fingerprint(&outputs).expect("generated outputs are valid"),
            key_material,
            outputs,
        }
    }
}

fn run(property: &str, cases: u64, check: impl Fn(&mut Gen) + std::panic::RefUnwindSafe) {
    let base = std::env::var("IBRIDGE_SEED").ok().and_then(|s| s.parse::<u64>().ok());
    let seeds: Vec<u64> = match base {
        Some(seed) => vec![seed],
        None => (0..cases).map(|i| 0x5eed_0000_0000_0000 ^ (i.wrapping_mul(0x9e37_79b9_7f4a_7c15))).collect(),
    };
    for seed in &seeds {
        if std::panic::catch_unwind(|| check(&mut Gen(SplitMix64(*seed)))).is_err() {
            panic!("{property} failed for seed {seed}; replay: IBRIDGE_SEED={seed} cargo test --test properties {property}");
        }
    }
    println!("{property}: {} cases", seeds.len());
}

#[test]
fn key_material_round_trips_through_every_encoding() {
    run("key_material_round_trips_through_every_encoding", 300, |g| {
        let km = g.key_material();
        let canonical = key::canonical_bytes(&km).expect("canonical");
        assert_eq!(canonical, KeyMaterial::schema().encode_binary(&km.to_avro()).expect("schema-driven"));
        assert_eq!(avro_model::decode_binary::<KeyMaterial>(&canonical).expect("binary"), km);
        let single = avro_model::encode_single_object(&km).expect("single object");
        assert_eq!(avro_model::decode_single_object::<KeyMaterial>(&single).expect("single object"), km);
        let json = avro_model::encode_json(&km).expect("json");
        assert_eq!(avro_model::decode_json::<KeyMaterial>(&json).expect("json"), km);
        let capnp = record::encode_key_material(&km).expect("capnp");
        assert_eq!(record::decode_key_material(&capnp).expect("capnp"), km);
    });
}

#[test]
fn records_round_trip_and_their_digests_recompute() {
    run("records_round_trip_and_their_digests_recompute", 300, |g| {
        let r = g.record();
        let bytes = record::encode_record(&r).expect("capnp");
        let back = record::decode_record(&bytes).expect("decodes");
        assert_eq!(back, r);
        assert_eq!(key::input_key(&back.key_material).expect("key"), r.input_key);
        assert_eq!(record::encode_record(&back).expect("capnp"), bytes, "writing is deterministic");
    });
}

#[test]
fn output_fingerprints_ignore_order_and_unobservable_outputs() {
    run("output_fingerprints_ignore_order_and_unobservable_outputs", 300, |g| {
        let r = g.record();
        let mut shuffled = r.outputs.clone();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, g.below(i as u64 + 1) as usize);
        }
        let mut with_log = shuffled.clone();
        with_log.push(Output { name: g.text(3), blob: BlobRef { digest: g.digest(), size: 1 }, observable: false });
        let expected = key::output_fingerprint(&r.outputs).expect("fingerprint");
        assert_eq!(key::output_fingerprint(&shuffled).expect("fingerprint"), expected);
        assert_eq!(key::output_fingerprint(&with_log).expect("fingerprint"), expected);
    });
}
