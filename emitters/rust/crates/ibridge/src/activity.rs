//! Activities (spec chapter "Activity semantics"): the workspace model and the catalog of facet
//! rules and activities in their JSON forms, the nodes an activity needs in dependency order, and
//! the emitter loop: derive the key material, request, and on a miss compile and emit.

#![deny(unsafe_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Result};
use crate::key;
use crate::model::{
    BlobRef, ConfigEntry, Digest, DigestAlgorithm, DirectInput, KeyMaterial, Output, Producer, Read, Record, Subject,
    Toolchain, Unit,
};
use crate::store::{Lookup, Store};

fn bad(message: impl Into<String>) -> Error {
    Error::Invalid(message.into())
}

// ---- JSON helpers ----

fn object<'a>(value: &'a Value, where_: &str) -> Result<&'a serde_json::Map<String, Value>> {
    value.as_object().ok_or_else(|| bad(format!("{where_} must be an object")))
}

fn string(value: &Value, name: &str, where_: &str) -> Result<String> {
    value.get(name).and_then(Value::as_str).map(str::to_string).ok_or_else(|| bad(format!("{where_}: \"{name}\" must be a string")))
}

fn strings(value: &Value, where_: &str) -> Result<Vec<String>> {
    let items = value.as_array().ok_or_else(|| bad(format!("{where_} must be an array of strings")))?;
    items.iter().map(|s| s.as_str().map(str::to_string).ok_or_else(|| bad(format!("{where_} must be an array of strings")))).collect()
}

/// Reads a catalog or workspace JSON document: a member name twice in one object is refused
/// (REQ-ACT-020), as in the harness's own JSON.
fn parse_form(json: &str, what: &str) -> Result<Value> {
    crate::avro::strict_json::parse(json).map_err(|e| bad(format!("{what} is not valid JSON: {e}")))
}

/// Refuses an object with a member its form does not define (REQ-ACT-020).
fn only_members(value: &Value, where_: &str, members: &[&str]) -> Result<()> {
    let object = object(value, where_)?;
    match object.keys().find(|k| !members.contains(&k.as_str())) {
        Some(unknown) => Err(bad(format!("{where_}: the member {unknown:?} is not part of the form (it has {})", members.join(", ")))),
        None => Ok(()),
    }
}

fn array<'a>(value: &'a Value, name: &str, where_: &str) -> Result<&'a [Value]> {
    match value.get(name) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(bad(format!("{where_}: \"{name}\" must be an array"))),
    }
}

// ---- the workspace model ----

/// One source file, split into the part other units can see and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub interface: String,
    pub body: String,
}

impl SourceFile {
    /// The file's bytes: the interface, a line feed, then the body, in UTF-8.
    pub(crate) fn content(&self) -> Vec<u8> {
        format!("{}\n{}", self.interface, self.body).into_bytes()
    }

    /// The file input of key material: its path, the SHA-256 of its content and its size.
    pub(crate) fn file_input(&self) -> DirectInput {
        let content = self.content();
        DirectInput::File {
            path: self.path.clone(),
            digest: Digest { algorithm: DigestAlgorithm::Sha256, value: Sha256::digest(&content).to_vec() },
            size: content.len() as u64,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Module {
    pub path: String,
    pub sources: Vec<SourceFile>,
}

#[derive(Clone, Debug)]
pub struct WorkspaceUnit {
    pub name: String,
    pub unit: Unit,
    pub deps: Vec<String>,
    pub sources: Vec<SourceFile>,
    /// Sorted by path.
    pub modules: Vec<Module>,
}

impl WorkspaceUnit {
    /// The unit's subjects: its modules by path, then the whole unit.
    pub(crate) fn subjects(&self) -> Vec<Subject> {
        let mut subjects: Vec<Subject> =
            self.modules.iter().map(|m| Subject { unit: self.unit.clone(), module_path: m.path.clone() }).collect();
        subjects.push(self.whole());
        subjects
    }

    pub(crate) fn whole(&self) -> Subject {
        Subject { unit: self.unit.clone(), module_path: String::new() }
    }

    fn sources_of(&self, module_path: &str) -> &[SourceFile] {
        if module_path.is_empty() {
            return &self.sources;
        }
        self.modules.iter().find(|m| m.path == module_path).map(|m| m.sources.as_slice()).unwrap_or(&[])
    }
}

/// A workspace: toolchain, configuration, which facets depend on which entries, and the units in
/// dependency order.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub toolchain: Toolchain,
    pub config: BTreeMap<String, String>,
    pub facet_config: BTreeMap<String, Vec<String>>,
    pub units: Vec<WorkspaceUnit>,
}

fn sources(value: &Value, where_: &str) -> Result<Vec<SourceFile>> {
    array(value, "sources", where_)?
        .iter()
        .map(|f| {
            only_members(f, &format!("{where_}: a source file"), &["path", "interface", "body"])?;
            Ok(SourceFile {
                path: string(f, "path", where_)?,
                interface: string(f, "interface", where_)?,
                body: string(f, "body", where_)?,
            })
        })
        .collect()
}

impl Workspace {
    /// Reads the workspace JSON form.
    pub fn parse(json: &str) -> Result<Workspace> {
        let root = parse_form(json, "the workspace")?;
        let w = "the workspace";
        only_members(&root, w, &["toolchain", "config", "facetConfig", "units"])?;
        let tc = root.get("toolchain").ok_or_else(|| bad(format!("{w}: \"toolchain\" must be an object")))?;
        only_members(tc, "toolchain", &["name", "version"])?;
        let toolchain = Toolchain { name: string(tc, "name", "toolchain")?, version: string(tc, "version", "toolchain")? };
        let mut config = BTreeMap::new();
        if let Some(c) = root.get("config") {
            for (name, value) in object(c, "config")? {
                let value = value.as_str().ok_or_else(|| bad(format!("config.{name} must be a string")))?;
                config.insert(name.clone(), value.to_string());
            }
        }
        let mut facet_config = BTreeMap::new();
        if let Some(fc) = root.get("facetConfig") {
            for (facet, names) in object(fc, "facetConfig")? {
                let names: BTreeSet<String> = strings(names, &format!("facetConfig.{facet}"))?.into_iter().collect();
                if let Some(missing) = names.iter().find(|n| !config.contains_key(*n)) {
                    return Err(bad(format!("facet {facet} depends on config entry {missing:?}, which the workspace does not define")));
                }
                facet_config.insert(facet.clone(), names.into_iter().collect());
            }
        }
        let mut units = Vec::new();
        for (i, u) in array(&root, "units", w)?.iter().enumerate() {
            let where_ = format!("units[{i}]");
            only_members(u, &where_, &["name", "unit", "deps", "sources", "modules"])?;
            let name = string(u, "name", &where_)?;
            let unit = match u.get("unit") {
                None => Unit {
                    package_id: format!("path+file:///workspace/{name}#0.1.0"),
                    target_name: name.replace('-', "_"),
                    target_kind: "lib".to_string(),
                    target_triple: "x86_64-unknown-linux-gnu".to_string(),
                },
                Some(id) => {
                    only_members(id, &format!("{where_}.unit"), &["packageId", "targetName", "targetKind", "targetTriple"])?;
                    Unit {
                    package_id: string(id, "packageId", &where_)?,
                    target_name: string(id, "targetName", &where_)?,
                    target_kind: string(id, "targetKind", &where_)?,
                    target_triple: string(id, "targetTriple", &where_)?,
                    }
                }
            };
            let deps = match u.get("deps") {
                None => Vec::new(),
                Some(d) => strings(d, &format!("{where_}.deps"))?,
            };
            let mut modules = Vec::new();
            for m in array(u, "modules", &where_)? {
                only_members(m, &format!("{where_}: a module"), &["path", "sources"])?;
                modules.push(Module { path: string(m, "path", &where_)?, sources: sources(m, &where_)? });
            }
            modules.sort_by(|a, b| a.path.cmp(&b.path));
            units.push(WorkspaceUnit { name, unit, deps, sources: sources(u, &where_)?, modules });
        }
        Ok(Workspace { toolchain, config, facet_config, units: dependency_order(units)? })
    }

    /// The configuration entries `facet` depends on, sorted by name.
    pub(crate) fn config_for(&self, facet: &str) -> Vec<ConfigEntry> {
        self.facet_config
            .get(facet)
            .into_iter()
            .flatten()
            .filter_map(|name| self.config.get(name).map(|value| ConfigEntry { name: name.clone(), value: value.clone() }))
            .collect()
    }
}

/// Orders units so that each comes after its dependencies, keeping the listing order otherwise.
fn dependency_order(units: Vec<WorkspaceUnit>) -> Result<Vec<WorkspaceUnit>> {
    let mut by_name: BTreeMap<String, WorkspaceUnit> = BTreeMap::new();
    let listing: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
    for u in units {
        if by_name.contains_key(&u.name) {
            return Err(bad(format!("the workspace has two units named {:?}", u.name)));
        }
        by_name.insert(u.name.clone(), u);
    }
    for u in by_name.values() {
        if let Some(missing) = u.deps.iter().find(|d| !by_name.contains_key(*d)) {
            return Err(bad(format!("unit {:?} depends on {missing:?}, which the workspace does not have", u.name)));
        }
    }
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < listing.len() {
        let next = listing
            .iter()
            .find(|n| !placed.contains(*n) && by_name[*n].deps.iter().all(|d| placed.contains(d)))
            .cloned();
        let Some(name) = next else {
            return Err(bad("the units depend on each other in a cycle"));
        };
        placed.insert(name.clone());
        order.push(name);
    }
    Ok(order.into_iter().filter_map(|n| by_name.remove(&n)).collect())
}

// ---- the catalog ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same subject.
    Itself,
    /// The whole-unit subjects of the units the subject's unit depends on.
    Deps,
    /// For a whole-unit subject, the module subjects of its unit; for a module, none.
    Modules,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadRule {
    pub facet: String,
    pub of: Relation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetRule {
    pub sources: bool,
    /// `full` or `interface`.
    pub observes: String,
    pub reads: Vec<ReadRule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityDefinition {
    pub requests: Vec<String>,
    pub emits: Vec<String>,
}

/// Whether two lists hold the same items, in whatever order (REQ-ACT-020).
fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
}

impl FacetRule {
    /// Identical rules: the same sources and observes, and the same reads as a set (REQ-ACT-020).
    fn same_as(&self, other: &FacetRule) -> bool {
        self.sources == other.sources && self.observes == other.observes && same_set(&self.reads, &other.reads)
    }
}

impl ActivityDefinition {
    /// Identical activities: the same requests and the same emits, each as a set (REQ-ACT-020).
    fn same_as(&self, other: &ActivityDefinition) -> bool {
        same_set(&self.requests, &other.requests) && same_set(&self.emits, &other.emits)
    }
}

/// Facet rules and activities: the built-in ones of the activities chapter plus a tool's own.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub facets: BTreeMap<String, FacetRule>,
    pub activities: BTreeMap<String, ActivityDefinition>,
}

// The built-in facet rules and activities, from `schemas/v1/activities.json`.
use crate::generated::activities::BUILTIN_CATALOG as BUILTIN;

type Definitions = (BTreeMap<String, FacetRule>, BTreeMap<String, ActivityDefinition>);

fn definitions(json: &str, source: &str) -> Result<Definitions> {
    let root = parse_form(json, source)?;
    only_members(&root, source, &["facets", "activities"])?;
    let mut facets = BTreeMap::new();
    if let Some(f) = root.get("facets") {
        for (name, rule) in object(f, &format!("{source}: facets"))? {
            let where_ = format!("{source}: facet {name}");
            crate::store::layout::check_facet(name).map_err(|e| bad(format!("{where_}: {e}")))?;
            only_members(rule, &where_, &["sources", "observes", "reads"])?;
            let sources = match rule.get("sources") {
                None => false,
                Some(v) => v.as_bool().ok_or_else(|| bad(format!("{where_}: \"sources\" must be true or false")))?,
            };
            let observes = match rule.get("observes") {
                None => "full".to_string(),
                Some(v) => match v.as_str() {
                    Some(o @ ("full" | "interface")) => o.to_string(),
                    _ => return Err(bad(format!("{where_}: \"observes\" must be \"full\" or \"interface\""))),
                },
            };
            let mut reads = Vec::new();
            for r in array(rule, "reads", &where_)? {
                only_members(r, &format!("{where_}: a read"), &["facet", "of"])?;
                let of = match string(r, "of", &where_)?.as_str() {
                    "self" => Relation::Itself,
                    "deps" => Relation::Deps,
                    "modules" => Relation::Modules,
                    other => return Err(bad(format!("{where_}: a read of {other:?}; the relations are self, deps and modules"))),
                };
                let read = ReadRule { facet: string(r, "facet", &where_)?, of };
                if reads.contains(&read) {
                    return Err(bad(format!("{where_} lists the read of {} twice", read.facet)));
                }
                reads.push(read);
            }
            facets.insert(name.clone(), FacetRule { sources, observes, reads });
        }
    }
    let mut activities = BTreeMap::new();
    if let Some(a) = root.get("activities") {
        for (name, def) in object(a, &format!("{source}: activities"))? {
            let where_ = format!("{source}: activity {name}");
            only_members(def, &where_, &["requests", "emits"])?;
            let list = |field: &str| match def.get(field) {
                None => Ok(Vec::new()),
                Some(v) => strings(v, &format!("{where_}.{field}")),
            };
            activities.insert(name.clone(), ActivityDefinition { requests: list("requests")?, emits: list("emits")? });
        }
    }
    Ok((facets, activities))
}

impl Catalog {
    pub fn builtin() -> Catalog {
        match definitions(BUILTIN, "the built-in catalog") {
            Ok((facets, activities)) => Catalog { facets, activities },
            Err(e) => unreachable!("the built-in catalog is valid JSON: {e}"),
        }
    }

    /// Adds a tool's facets and activities in the catalog JSON form (REQ-ACT-013): a facet that
    /// already has a rule may only be repeated identically, and a new facet needs a dot.
    pub fn add_json(&mut self, json: &str, source: &str) -> Result<()> {
        let (facets, activities) = definitions(json, source)?;
        let mut merged = self.clone();
        for (name, rule) in facets {
            match self.facets.get(&name) {
                Some(existing) if !existing.same_as(&rule) => {
                    return Err(bad(format!("{source}: facet {name} is already defined differently")))
                }
                None if !name.contains('.') => {
                    return Err(bad(format!(
                        "{source}: a tool's own facet must be reverse-DNS prefixed (such as com.example.{name}), got {name:?}"
                    )))
                }
                _ => {}
            }
            // An identical repetition keeps the rule as defined first (REQ-ACT-020).
            merged.facets.entry(name).or_insert(rule);
        }
        for (name, def) in activities {
            if self.activities.get(&name).is_some_and(|existing| !existing.same_as(&def)) {
                return Err(bad(format!("{source}: activity {name} is already defined differently")));
            }
            merged.activities.entry(name).or_insert(def);
        }
        merged.facet_order()?;
        for (name, def) in &merged.activities {
            for facet in def.requests.iter().chain(&def.emits) {
                merged.rule(facet).map_err(|e| bad(format!("{source}: activity {name}: {e}")))?;
            }
        }
        *self = merged;
        Ok(())
    }

    pub(crate) fn rule(&self, facet: &str) -> Result<&FacetRule> {
        self.facets.get(facet).ok_or_else(|| bad(format!("facet {facet} has no rule")))
    }

    /// All facets, each after the facets it reads of the same subject.
    fn facet_order(&self) -> Result<Vec<String>> {
        fn visit(c: &Catalog, f: &str, state: &mut HashMap<String, bool>, order: &mut Vec<String>) -> Result<()> {
            match state.get(f) {
                Some(true) => return Ok(()),
                Some(false) => return Err(bad(format!("facets read each other of the same subject in a cycle through {f}"))),
                None => {}
            }
            state.insert(f.to_string(), false);
            for r in &c.rule(f)?.reads {
                c.rule(&r.facet)?;
                if r.of == Relation::Itself {
                    visit(c, &r.facet, state, order)?;
                }
            }
            state.insert(f.to_string(), true);
            order.push(f.to_string());
            Ok(())
        }
        let mut state = HashMap::new();
        let mut order = Vec::new();
        for f in self.facets.keys() {
            visit(self, f, &mut state, &mut order)?;
        }
        Ok(order)
    }
}

// ---- the plan ----

/// A (subject, facet) node.
pub(crate) type Node = (Subject, String);

/// The nodes an activity needs, each after every node it reads (REQ-ACT-003, REQ-ACT-010).
pub struct Plan {
    pub activity: String,
    pub nodes: Vec<Node>,
}

fn unit_of<'w>(ws: &'w Workspace, subject: &Subject) -> Option<&'w WorkspaceUnit> {
    ws.units.iter().find(|u| u.unit == subject.unit)
}

/// The nodes `node` reads under its facet's rule, each once.
fn reads_of(ws: &Workspace, catalog: &Catalog, node: &Node) -> Result<Vec<Node>> {
    let (subject, facet) = node;
    let unit = unit_of(ws, subject).ok_or_else(|| bad("a subject outside the workspace"))?;
    let mut reads: Vec<Node> = Vec::new();
    for rule in &catalog.rule(facet)?.reads {
        match rule.of {
            Relation::Itself => reads.push((subject.clone(), rule.facet.clone())),
            Relation::Deps => {
                for dep in &unit.deps {
                    if let Some(d) = ws.units.iter().find(|u| &u.name == dep) {
                        reads.push((d.whole(), rule.facet.clone()));
                    }
                }
            }
            Relation::Modules if subject.module_path.is_empty() => {
                for m in &unit.modules {
                    reads.push((Subject { unit: unit.unit.clone(), module_path: m.path.clone() }, rule.facet.clone()));
                }
            }
            Relation::Modules => {}
        }
    }
    let mut seen = BTreeSet::new();
    reads.retain(|(s, f)| seen.insert((s.clone(), f.clone())));
    Ok(reads)
}

/// Works out the nodes `activity` needs on the selected `packages` (all when empty).
pub fn plan(ws: &Workspace, catalog: &Catalog, activity: &str, packages: &[String]) -> Result<Plan> {
    let def = catalog
        .activities
        .get(activity)
        .ok_or_else(|| bad(format!("unknown activity {activity:?}; known: {:?}", catalog.activities.keys().collect::<Vec<_>>())))?;
    if let Some(missing) = packages.iter().find(|p| !ws.units.iter().any(|u| &u.name == *p)) {
        return Err(bad(format!("-p {missing}: the workspace has no such package")));
    }
    let facet_rank: HashMap<String, usize> = catalog.facet_order()?.into_iter().enumerate().map(|(i, f)| (f, i)).collect();
    let mut subject_rank: HashMap<Subject, usize> = HashMap::new();
    for u in &ws.units {
        for s in u.subjects() {
            let rank = subject_rank.len();
            subject_rank.insert(s, rank);
        }
    }
    let mut seen: BTreeSet<Node> = BTreeSet::new();
    let mut work: Vec<Node> = Vec::new();
    for u in ws.units.iter().filter(|u| packages.is_empty() || packages.contains(&u.name)) {
        for s in u.subjects() {
            for f in &def.emits {
                let node = (s.clone(), f.clone());
                if seen.insert(node.clone()) {
                    work.push(node);
                }
            }
        }
    }
    while let Some(node) = work.pop() {
        for read in reads_of(ws, catalog, &node)? {
            if seen.insert(read.clone()) {
                work.push(read);
            }
        }
    }
    let mut nodes: Vec<Node> = seen.into_iter().collect();
    nodes.sort_by_key(|(s, f)| (subject_rank.get(s).copied().unwrap_or(usize::MAX), facet_rank.get(f).copied().unwrap_or(usize::MAX)));
    Ok(Plan { activity: activity.to_string(), nodes })
}

// ---- running ----

/// One output a compiler produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompiledOutput {
    pub name: String,
    pub content: Vec<u8>,
    pub observable: bool,
}

/// Computes a facet of a subject from its key material; the runner plays it in the harness.
pub trait Compiler {
    fn compile(&mut self, subject: &Subject, facet: &str, material: &KeyMaterial) -> Result<Vec<CompiledOutput>>;
}

/// What the emitter did for one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub subject: Subject,
    pub facet: String,
    pub reused: bool,
    pub input_key: Digest,
    pub output_fingerprint: Digest,
}

/// The key material of `node`, given the output fingerprints of the nodes already taken.
fn material(ws: &Workspace, catalog: &Catalog, node: &Node, fingerprints: &HashMap<Node, Digest>) -> Result<KeyMaterial> {
    let (subject, facet) = node;
    let rule = catalog.rule(facet)?;
    let mut reads = Vec::new();
    for read in reads_of(ws, catalog, node)? {
        let fp = fingerprints.get(&read).ok_or_else(|| bad(format!("{} read before it was taken", read.1)))?;
        reads.push(Read { subject: read.0.clone(), facet: read.1.clone(), output_fingerprint: fp.clone() });
    }
    reads.sort_by(|a, b| (&a.subject, &a.facet).cmp(&(&b.subject, &b.facet)));
    let mut inputs = Vec::new();
    if rule.sources {
        let unit = unit_of(ws, subject).ok_or_else(|| bad("a subject outside the workspace"))?;
        let mut files: Vec<&SourceFile> = unit.sources_of(&subject.module_path).iter().collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        inputs = files.into_iter().map(SourceFile::file_input).collect();
    }
    Ok(KeyMaterial {
        protocol_major: key::PROTOCOL_MAJOR,
        subject: subject.clone(),
        facet: facet.clone(),
        toolchain: ws.toolchain.clone(),
        config: ws.config_for(facet),
        inputs,
        reads,
    })
}

/// Runs a planned activity against `store`: every node is requested, and on a miss compiled by
/// `compiler` and emitted with `producer` (REQ-ACT-001 to REQ-ACT-003).
pub fn run(
    store: &Store,
    ws: &Workspace,
    catalog: &Catalog,
    plan: &Plan,
    producer: &Producer,
    compiler: &mut dyn Compiler,
) -> Result<Vec<Step>> {
    let mut fingerprints: HashMap<Node, Digest> = HashMap::new();
    let mut steps = Vec::with_capacity(plan.nodes.len());
    for node in &plan.nodes {
        let (subject, facet) = node;
        let km = material(ws, catalog, node, &fingerprints)?;
        let step = match store.request(subject, facet, &km)? {
            Lookup::Hit { record, .. } => Step {
                subject: subject.clone(),
                facet: facet.clone(),
                reused: true,
                input_key: record.input_key,
                output_fingerprint: record.output_fingerprint,
            },
            Lookup::Miss { .. } => {
                let compiled = compiler.compile(subject, facet, &km)?;
                let record = emit_compiled(store, producer, km, compiled)?;
                Step {
                    subject: subject.clone(),
                    facet: facet.clone(),
                    reused: false,
                    input_key: record.input_key,
                    output_fingerprint: record.output_fingerprint,
                }
            }
        };
        fingerprints.insert(node.clone(), step.output_fingerprint.clone());
        steps.push(step);
    }
    Ok(steps)
}

/// Names each output's blob by its SHA-256 (REQ-ACT-009), builds the record and emits it.
pub fn emit_compiled(store: &Store, producer: &Producer, km: KeyMaterial, compiled: Vec<CompiledOutput>) -> Result<Record> {
    let mut outputs = Vec::with_capacity(compiled.len());
    let mut blobs = Vec::with_capacity(compiled.len());
    for c in compiled {
        let digest = key::blob_digest(&c.content);
        outputs.push(Output {
            name: c.name,
            blob: BlobRef { digest: digest.clone(), size: c.content.len() as u64 },
            observable: c.observable,
        });
        blobs.push((digest, c.content));
    }
    outputs.sort_by(|a, b| a.name.cmp(&b.name));
    let record = Record {
        producer: producer.clone(),
        input_key: key::input_key(&km)?,
        output_fingerprint: key::output_fingerprint(&outputs)?,
        key_material: km,
        outputs,
    };
    store.emit(&record, &blobs)?;
    Ok(record)
}
