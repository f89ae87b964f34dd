#!/usr/bin/env python3
"""Never a wrong build: cargo through the bridge, compared with plain cargo.

Three tests, all on a small generated workspace that uses serde, serde_json and regex from
Debian's crates (offline, as examples/cargo-fixture does):

  sequences  seeded random edit sequences; after every step the same cargo command (check,
             clippy, build or test) runs in two copies, plain and bridged, and their exit status,
             diagnostics, test results and program output must agree. A difference is shrunk
             (steps removed and simplified, each candidate re-run) and printed with its seed,
             the sequence file and a replay command.
  replay     runs one sequence file, as a failure prints it.
  kill       SIGKILLs a bridged `cargo build` (its whole process group) at a random moment,
             many times; after each kill the store verifies (staging files in tmp/ are all a
             kill may leave) and the next bridged build equals plain cargo's.
  concurrent two bridged builds of different checkouts share one store while `ibridge store gc`
             runs in a loop; afterwards the store verifies, both builds equal plain cargo's, and
             no record was lost (clean rebuilds of both checkouts hit every unit).

The bridged command is $IBRIDGE_CARGO (for example `cargo-ibridge`) when set, else cargo with
RUSTC_WRAPPER set to the release wrapper (emitters/rust/target/release/ibridge-rustc-wrapper, or
$IBRIDGE_RUSTC_WRAPPER). Standard library only.
"""

import argparse
import copy
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
IBRIDGE = os.path.join(REPO, "ibridge")
CARGO_CONFIG = os.path.join(REPO, "examples", "cargo-fixture", ".cargo", "config.toml")
COMMANDS = ["check", "clippy", "build", "test"]


def log(msg):
    print("differential: " + msg, flush=True)


# ---------------------------------------------------------------------------------------------
# The workspace: a pure function of a small state, so every step is an edit of that state.

INITIAL = {
    "comments": 0,  # comment lines at the top of dcore/src/lib.rs
    "private": [],  # private helper functions in dcore (each an unused-code warning)
    "body": 0,  # which body `compute` has
    "signature": 0,  # which signature `scale` has
    "caller": 0,  # which signature dapp calls `scale` with (differs: a compile error)
    "modules": {},  # module number -> "file" (src/mN.rs) or "dir" (src/mN/mod.rs)
    "macro": 3,  # the factor of the `scaled!` macro
    "feature": False,  # dapp enables dcore's feature `extra`
    "deps": ["regex", "serde_json"],  # dapp's registry dependencies
    "profile": 0,  # which [profile] section the workspace has
    "env_name": None,  # DIFF_NAME, read by option_env!
    "env_level": "1",  # DIFF_LEVEL, read by env!
    "build_rs": False,  # dcore has a build script that reads DIFF_BUILD
    "env_build": "x",  # DIFF_BUILD
}

BODIES = ["x * 3 + 4", "x * 5 + 2", "scaled!(x) + 1", "x - 7 + modules_sum()"]
SIGNATURES = [
    ("pub fn scale(x: i64) -> i64 {\n    x * 2\n}", "dcore::scale(21)"),
    ("pub fn scale(x: i64, by: i64) -> i64 {\n    x * by\n}", "dcore::scale(21, 3)"),
    ("pub fn scale(x: &i64) -> i64 {\n    *x * 4\n}", "dcore::scale(&21)"),
]
PROFILES = [
    "",
    "\n[profile.dev.package.dcore]\nopt-level = 1\n",
    "\n[profile.dev.package.dcore]\ndebug-assertions = false\n",
    "\n[profile.dev.package.dapp]\ndebug-assertions = false\noverflow-checks = false\n",
    "\n[profile.dev.package.dcore]\ncodegen-units = 1\nopt-level = 2\n",
]


def render(s):
    """The workspace's files for state s: relative path -> content."""
    files = {}
    files["Cargo.toml"] = '[workspace]\nmembers = ["dcore", "dapp"]\nresolver = "2"\n' + PROFILES[s["profile"]]
    files[".cargo/config.toml"] = open(CARGO_CONFIG).read()
    files["dcore/Cargo.toml"] = (
        '[package]\nname = "dcore"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
        '[features]\nextra = []\n\n[dependencies]\nserde = { version = "1", features = ["derive"] }\n'
    )
    lines = ["// note %d" % i for i in range(s["comments"])]
    lines.append("use serde::Serialize;\n")
    for n in sorted(s["modules"], key=int):
        lines.append("pub mod m%s;" % n)
        path = "dcore/src/m%s.rs" % n if s["modules"][n] == "file" else "dcore/src/m%s/mod.rs" % n
        files[path] = "/// Module %s.\npub fn value() -> i64 {\n    %s\n}\n" % (n, n)
    lines.append("\nmacro_rules! scaled {\n    ($e:expr) => {\n        ($e) * %d\n    };\n}\n" % s["macro"])
    for name in s["private"]:
        lines.append("fn %s() -> i64 {\n    let unused_%s = 1;\n    2\n}\n" % (name, name))
    lines.append("pub fn compute(x: i64) -> i64 {\n    %s\n}\n" % BODIES[s["body"]])
    lines.append(SIGNATURES[s["signature"]][0] + "\n")
    lines.append("pub fn modules_sum() -> i64 {\n    0%s\n}\n" % "".join(
        " + m%s::value()" % n for n in sorted(s["modules"], key=int)))
    lines.append('#[cfg(feature = "extra")]\npub const EXTRA: i64 = 100;\n#[cfg(not(feature = "extra"))]\npub const EXTRA: i64 = 0;\n')
    if s["build_rs"]:
        files["dcore/build.rs"] = (
            "use std::io::Write;\n\nfn main() {\n"
            '    println!("cargo:rerun-if-env-changed=DIFF_BUILD");\n'
            '    let v = std::env::var("DIFF_BUILD").unwrap_or_default();\n'
            '    println!("cargo:rustc-env=DIFF_FROM_BUILD=built-{v}");\n'
            '    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("gen.rs");\n'
            '    let mut f = std::fs::File::create(out).unwrap();\n'
            '    writeln!(f, "pub const GENERATED: i64 = {};", v.len()).unwrap();\n}\n'
        )
        lines.append('include!(concat!(env!("OUT_DIR"), "/gen.rs"));\npub const BUILD: &str = env!("DIFF_FROM_BUILD");\n')
    else:
        lines.append('pub const GENERATED: i64 = 0;\npub const BUILD: &str = "none";\n')
    lines.append(
        "#[derive(Serialize, Debug)]\npub struct Report {\n    pub value: i64,\n    pub name: &'static str,\n"
        "    pub level: &'static str,\n    pub debug: bool,\n    pub build: &'static str,\n}\n\n"
        "pub fn report() -> Report {\n    Report {\n        value: compute(2) + modules_sum() + EXTRA + GENERATED + scaled!(1),\n"
        '        name: option_env!("DIFF_NAME").unwrap_or("anonymous"),\n        level: env!("DIFF_LEVEL"),\n'
        "        debug: cfg!(debug_assertions),\n        build: BUILD,\n    }\n}\n\n"
        "#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn compute_of_one() {\n"
        "        assert_eq!(compute(1), 7);\n    }\n\n    #[test]\n    fn scaled_of_two() {\n"
        "        assert_eq!(scaled!(2), 6);\n    }\n}\n"
    )
    files["dcore/src/lib.rs"] = "\n".join(lines)
    deps = "".join('%s = "1"\n' % d for d in sorted(s["deps"]))
    feature = ', features = ["extra"]' if s["feature"] else ""
    files["dapp/Cargo.toml"] = (
        '[package]\nname = "dapp"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
        '[dependencies]\ndcore = { path = "../dcore"%s }\n%s' % (feature, deps)
    )
    main = ["fn main() {", "    let r = dcore::report();", '    println!("{:?}", r);',
            '    println!("scale {}", %s);' % SIGNATURES[s["caller"]][1]]
    if "serde_json" in s["deps"]:
        main.append('    println!("json {}", serde_json::to_string(&r).unwrap());')
    if "regex" in s["deps"]:
        main.append('    println!("regex {}", regex::Regex::new("a+b").unwrap().is_match("caaab"));')
    main += ["}", "", "#[cfg(test)]", "mod tests {", "    #[test]", "    fn the_report_has_a_level() {",
             "        assert!(!dcore::report().level.is_empty());", "    }", "}", ""]
    files["dapp/src/main.rs"] = "\n".join(main)
    return files


def env_of(s):
    env = {"DIFF_LEVEL": s["env_level"], "DIFF_BUILD": s["env_build"]}
    if s["env_name"] is not None:
        env["DIFF_NAME"] = s["env_name"]
    return env


# ---------------------------------------------------------------------------------------------
# Steps: each is {"kind", "arg", "cmd"}; applying one to a state never fails (an edit that does
# not apply, such as removing a module when there is none, changes nothing), so shrinking can
# drop any step.

KINDS = ["comment", "private", "body", "signature", "module", "macro", "feature", "dependency",
         "profile", "env", "build_rs", "move", "revert"]


def generate(seed, steps):
    """The edit sequence of a seed: a list of steps."""
    rng = random.Random(seed)
    return [{"kind": rng.choice(KINDS), "arg": rng.randrange(1000), "cmd": rng.choice(COMMANDS)}
            for _ in range(steps)]


def apply(step, s, history):
    """The state after step, from state s; history holds the states before s (for revert)."""
    kind, a = step["kind"], step["arg"]
    t = copy.deepcopy(s)
    if kind == "comment":
        t["comments"] = s["comments"] + 1 if a % 4 else max(0, s["comments"] - 1)
    elif kind == "private":
        name = "helper_%d" % (a % 5)
        if name in t["private"]:
            t["private"].remove(name)
        else:
            t["private"].append(name)
    elif kind == "body":
        t["body"] = (s["body"] + 1 + a % (len(BODIES) - 1)) % len(BODIES)
    elif kind == "signature":
        t["signature"] = (s["signature"] + 1 + a % (len(SIGNATURES) - 1)) % len(SIGNATURES)
        if a % 5:  # most signature changes update the caller; the rest break the build
            t["caller"] = t["signature"]
    elif kind == "module":
        n = str(a % 3)
        if n in t["modules"]:
            del t["modules"][n]
        else:
            t["modules"][n] = "file" if a % 2 else "dir"
    elif kind == "macro":
        t["macro"] = 2 + (s["macro"] - 1 + a % 3) % 4
    elif kind == "feature":
        t["feature"] = not s["feature"]
    elif kind == "dependency":
        d = ["regex", "serde_json"][a % 2]
        t["deps"] = sorted(set(s["deps"]) ^ {d})
    elif kind == "profile":
        t["profile"] = (s["profile"] + 1 + a % (len(PROFILES) - 1)) % len(PROFILES)
    elif kind == "env":
        if a % 2:
            t["env_name"] = [None, "alpha", "beta"][(a // 2) % 3]
        else:
            t["env_level"] = str(1 + (int(s["env_level"]) + a // 2) % 3)
    elif kind == "build_rs":
        if a % 3 == 0:
            t["build_rs"] = not s["build_rs"]
        else:
            t["build_rs"] = True
            t["env_build"] = ["x", "yy", "zzz"][a % 3]
    elif kind == "move":
        if t["modules"]:
            n = sorted(t["modules"], key=int)[a % len(t["modules"])]
            t["modules"][n] = "dir" if t["modules"][n] == "file" else "file"
    elif kind == "revert":
        if history:
            t = copy.deepcopy(history[-1])
    return t


def simpler(step):
    """Simpler variants of a step, for shrinking: the command check, then a smaller argument."""
    out = []
    if step["cmd"] != "check":
        out.append(dict(step, cmd="check"))
    if step["arg"] != 0:
        out.append(dict(step, arg=0))
    return out


# ---------------------------------------------------------------------------------------------
# Running cargo, plain and bridged.

def wrapper_path():
    return os.environ.get("IBRIDGE_RUSTC_WRAPPER") or os.path.join(
        REPO, "emitters", "rust", "target", "release", "ibridge-rustc-wrapper")


def bridged_command(args, store):
    """The one way this file runs cargo through the bridge: (argv, extra environment)."""
    env = {"IBRIDGE_STORE": store}
    if os.environ.get("IBRIDGE_CARGO"):
        return shlex.split(os.environ["IBRIDGE_CARGO"]) + args, env
    env["RUSTC_WRAPPER"] = wrapper_path()
    return ["cargo"] + args, env


def cargo_env(extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("RUSTC_WRAPPER", "IBRIDGE_STORE", "CARGO_TARGET_DIR", "RUSTFLAGS",
                        "DIFF_NAME", "DIFF_LEVEL", "DIFF_BUILD")}
    env["CARGO_TERM_COLOR"] = "never"
    env.update(extra)
    return env


class Copy:
    """One checkout of the workspace with its own target directory (and store, when bridged)."""

    def __init__(self, root, bridged):
        self.root = root
        self.ws = os.path.join(root, "ws")
        self.store = os.path.join(root, "store")
        self.bridged = bridged
        self.files = {}

    def write(self, files):
        for rel in sorted(set(self.files) - set(files)):
            os.remove(os.path.join(self.ws, rel))
            parent = os.path.dirname(os.path.join(self.ws, rel))
            if os.path.isdir(parent) and not os.listdir(parent):
                os.rmdir(parent)
        for rel, text in sorted(files.items()):
            if self.files.get(rel) != text:
                path = os.path.join(self.ws, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
        self.files = dict(files)

    def argv(self, cmd):
        args = [cmd, "--message-format=json"]
        if cmd == "test":
            args += ["--no-fail-fast"]
        if self.bridged:
            return bridged_command(args, self.store)
        return ["cargo"] + args, {}

    def run(self, cmd, env, timeout=600):
        argv, extra = self.argv(cmd)
        p = subprocess.run(argv, cwd=self.ws, env=cargo_env({**env, **extra}), capture_output=True,
                           text=True, timeout=timeout)
        result = {"exit": p.returncode}
        result.update(normalise(p.stdout, p.stderr, self.root))
        if cmd == "build" and p.returncode == 0:
            prog = subprocess.run([os.path.join(self.ws, "target", "debug", "dapp")], env=cargo_env(env),
                                  capture_output=True, text=True, timeout=60)
            result["program"] = "exit %d\n%s%s" % (prog.returncode, prog.stdout, prog.stderr)
        return result


def normalise(stdout, stderr, root):
    """What must agree between plain and bridged: diagnostics, cargo's error lines, test results."""
    def clean(text):
        return text.replace(root, "$COPY")

    diags, tests, other = [], [], []
    for line in stdout.splitlines():
        if line.startswith("{"):
            try:
                m = json.loads(line)
            except ValueError:
                other.append(clean(line))
                continue
            if m.get("reason") == "compiler-message":
                t = m["target"]
                diags.append("%s %s\n%s" % (t["name"], ",".join(t["kind"]), clean(m["message"].get("rendered") or "")))
        elif line.startswith("test ") or line.startswith("running ") or "panicked at" in line:
            # Timings and the thread id that rustc 1.95's panic message carries differ run to run.
            line = re.sub(r"; finished in [0-9.]+s", "", clean(line))
            tests.append(re.sub(r"^thread '([^']*)' \(\d+\) panicked", r"thread '\1' panicked", line))
    errors = sorted(clean(l) for l in stderr.splitlines() if re.match(r"^(error|warning)(\[|:)", l))
    return {"diagnostics": sorted(diags), "tests": sorted(tests), "cargo_errors": errors}


def differences(plain, bridged):
    out = []
    for k in sorted(set(plain) | set(bridged)):
        if plain.get(k) != bridged.get(k):
            out.append("%s: plain %r, bridged %r" % (k, plain.get(k), bridged.get(k)))
    return out


def verify_store(store):
    p = subprocess.run([IBRIDGE, "verify", store], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


# ---------------------------------------------------------------------------------------------
# The template: both copies built once with every dependency, copied for each sequence, at the
# same paths (cargo's fingerprints and the wrapper's keys hold absolute paths).

class Pair:
    def __init__(self, work):
        self.work = work
        self.plain = Copy(os.path.join(work, "plain"), False)
        self.bridged = Copy(os.path.join(work, "bridged"), True)
        self.templates = {c.root: c.root + ".template" for c in (self.plain, self.bridged)}
        self.cargo_runs = 0

    def prepare(self):
        started = time.time()
        files = render(INITIAL)
        for c in (self.plain, self.bridged):
            os.makedirs(c.ws)
            c.write(files)
            for cmd in COMMANDS:
                r = c.run(cmd, env_of(INITIAL))
                self.cargo_runs += 1
                if r["exit"] != 0:
                    raise SystemExit("differential: the initial workspace fails cargo %s (%s): %s"
                                     % (cmd, "bridged" if c.bridged else "plain", r))
            shutil.copytree(c.root, self.templates[c.root], symlinks=True)
        log("template built in %.0f s (plain and bridged: check, clippy, build, test)" % (time.time() - started))

    def reset(self):
        for c in (self.plain, self.bridged):
            shutil.rmtree(c.root)
            shutil.copytree(self.templates[c.root], c.root, symlinks=True)
            c.files = render(INITIAL)

    def run_sequence(self, steps, stop_at_first=True):
        """Runs steps from the template; returns (index of the first differing step or None, report)."""
        self.reset()
        state, history = copy.deepcopy(INITIAL), []
        for i, step in enumerate(steps):
            new = apply(step, state, history)
            history.append(state)
            state = new
            files = render(state)
            results = []
            for c in (self.plain, self.bridged):
                c.write(files)
                results.append(c.run(step["cmd"], env_of(state)))
                self.cargo_runs += 1
            diff = differences(*results)
            if diff:
                return i, diff
        code, out = verify_store(self.bridged.store)
        if code != 0:
            return len(steps) - 1, ["ibridge verify rejects the bridged store: " + out.strip()]
        return None, []


def shrink(pair, steps, budget_s):
    """Removes and simplifies steps while the sequence still fails; each candidate is re-run."""
    deadline = time.time() + budget_s
    at, _ = pair.run_sequence(steps)
    if at is None:
        return steps
    steps = steps[:at + 1]
    changed = True
    while changed and time.time() < deadline:
        changed = False
        i = 0
        while i < len(steps) and time.time() < deadline:
            candidate = steps[:i] + steps[i + 1:]
            if candidate and pair.run_sequence(candidate)[0] is not None:
                steps, changed = candidate, True
            else:
                for simple in simpler(steps[i]):
                    candidate = steps[:i] + [simple] + steps[i + 1:]
                    if pair.run_sequence(candidate)[0] is not None:
                        steps, changed = candidate, True
                        break
                i += 1
    return steps


def report_failure(pair, seed, steps, diff, out_dir, shrink_budget):
    log("DIFFERENCE at seed %s, step %d of %d:" % (seed, len(steps), len(steps)))
    for d in diff:
        log("  " + d[:2000])
    shrunk = shrink(pair, steps, shrink_budget)
    at, diff2 = pair.run_sequence(shrunk)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "differential-seed-%s.json" % seed)
    with open(path, "w") as f:
        json.dump({"seed": seed, "steps": shrunk}, f, indent=2)
    log("shrunk to %d steps (confirmed: %s):" % (len(shrunk), "fails" if at is not None else "passes"))
    for s in shrunk:
        log("  %s" % json.dumps(s))
    for d in diff2:
        log("  " + d[:2000])
    log("sequence file: %s" % path)
    log("replay: %s replay %s" % (os.path.relpath(__file__, os.getcwd()), path))


def cmd_sequences(args):
    seed0 = args.seed if args.seed is not None else random.randrange(1 << 31)
    work = tempfile.mkdtemp(prefix="ibridge-differential-")
    pair = Pair(work)
    failures = steps_run = 0
    started = time.time()
    try:
        pair.prepare()
        for n in range(args.count):
            if args.max_seconds and time.time() - started > args.max_seconds:
                log("stopping after %.0f s (--max-seconds)" % (time.time() - started))
                break
            seed = seed0 + n
            steps = generate(seed, args.steps)
            at, diff = pair.run_sequence(steps)
            steps_run += len(steps) if at is None else at + 1
            log("sequence %d (seed %d): %s" % (n + 1, seed, "agrees" if at is None else "DIFFERS at step %d" % (at + 1)))
            if at is not None:
                failures += 1
                report_failure(pair, seed, steps[:at + 1], diff, args.out, args.shrink_seconds)
                if not args.keep_going:
                    break
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log("%d sequences from seed %d, %d steps, %d cargo runs, %d differences, %.0f s"
        % (n + 1, seed0, steps_run, pair.cargo_runs, failures, time.time() - started))
    return 1 if failures else 0


def cmd_replay(args):
    with open(args.file) as f:
        seq = json.load(f)
    work = tempfile.mkdtemp(prefix="ibridge-differential-")
    pair = Pair(work)
    try:
        pair.prepare()
        at, diff = pair.run_sequence(seq["steps"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if at is None:
        log("replay of seed %s: %d steps, plain and bridged agree" % (seq.get("seed"), len(seq["steps"])))
        return 0
    log("replay of seed %s: DIFFERS at step %d: %s" % (seq.get("seed"), at + 1, json.dumps(seq["steps"][at])))
    for d in diff:
        log("  " + d[:2000])
    return 1


# ---------------------------------------------------------------------------------------------
# Kill test.

ALLOWED_AFTER_KILL = re.compile(r"^0 records|problems$")


def cmd_kill(args):
    seed = args.seed if args.seed is not None else random.randrange(1 << 31)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="ibridge-kill-")
    started = time.time()
    failures = kills = 0
    state = dict(copy.deepcopy(INITIAL), deps=[])  # no registry dependency beyond serde: short builds
    try:
        plain, bridged = Copy(os.path.join(work, "plain"), False), Copy(os.path.join(work, "bridged"), True)
        for c in (plain, bridged):
            os.makedirs(c.ws)
            c.write(render(state))
            if c.run("build", env_of(state))["exit"] != 0:
                raise SystemExit("differential: kill: the workspace does not build")
        # How long a build of the workspace crates takes, to place kills inside it.
        t0 = time.time()
        bridged.write(render(dict(state, comments=1)))
        bridged.run("build", env_of(state))
        span = max(0.3, time.time() - t0)
        for attempt in range(args.attempts):
            state = apply({"kind": rng.choice(["comment", "body", "private", "macro", "feature"]), "arg": rng.randrange(1000),
                           "cmd": "build"}, state, [])
            bridged.write(render(state))
            if attempt % 25 == 0:  # now and then a clean target directory, so dependencies are in flight too
                shutil.rmtree(os.path.join(bridged.ws, "target"), ignore_errors=True)
            argv, extra = bridged.argv("build")
            p = subprocess.Popen(argv, cwd=bridged.ws, env=cargo_env({**env_of(state), **extra}),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            delay = rng.uniform(0, span * (3 if attempt % 25 == 0 else 1))
            time.sleep(delay)
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                kills += 1
            p.wait()
            # Let the killed group's last members go before looking at the store.
            for _ in range(50):
                try:
                    os.killpg(p.pid, 0)
                    time.sleep(0.02)
                except ProcessLookupError:
                    break
            code, out = verify_store(bridged.store)
            if code != 0:
                failures += 1
                log("kill %d (after %.2f s): ibridge verify rejects the store:\n%s" % (attempt + 1, delay, out))
            plain.write(render(state))
            want = plain.run("build", env_of(state))
            got = bridged.run("build", env_of(state))
            diff = differences(want, got)
            if diff:
                failures += 1
                log("kill %d (after %.2f s): the next bridged build differs from plain cargo: %s" % (attempt + 1, delay, diff))
        tmp = os.listdir(os.path.join(bridged.store, "tmp")) if os.path.isdir(os.path.join(bridged.store, "tmp")) else []
        log("kill: %d attempts, %d killed mid-build (seed %d, build span %.2f s), %d staging files left in tmp/,"
            " %d failures, %.0f s" % (args.attempts, kills, seed, span, len(tmp), failures, time.time() - started))
        if failures:
            log("replay: %s kill --attempts %d --seed %d" % (os.path.relpath(__file__, os.getcwd()), args.attempts, seed))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------
# Concurrency test.

def hit_counts(store):
    """Outcome counts of the wrapper's statistics file next to the store."""
    stats = os.path.join(store + "-wrapper", "wrapper-stats")
    counts = {}
    if os.path.exists(stats):
        for line in open(stats):
            f = line.split()
            if f:
                counts[f[0]] = counts.get(f[0], 0) + 1
    return counts


def records(store):
    out = set()
    base = os.path.join(store, "records")
    for dirpath, _, names in os.walk(base):
        for n in names:
            out.add(os.path.relpath(os.path.join(dirpath, n), base))
    return out


def cmd_concurrent(args):
    seed = args.seed if args.seed is not None else random.randrange(1 << 31)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="ibridge-concurrent-")
    started = time.time()
    failures = []
    store = os.path.join(work, "shared-store")
    try:
        states = []
        copies = []
        for i in range(args.builds):
            s = dict(copy.deepcopy(INITIAL), deps=["serde_json"])
            for _ in range(3):
                s = apply({"kind": rng.choice(["body", "module", "macro", "feature", "private"]),
                           "arg": rng.randrange(1000), "cmd": "build"}, s, [])
            states.append(s)
            c = Copy(os.path.join(work, "checkout-%d" % i), True)
            c.store = store
            os.makedirs(c.ws)
            c.write(render(s))
            copies.append(c)
        plain = []
        for i, s in enumerate(states):
            p = Copy(os.path.join(work, "plain-%d" % i), False)
            os.makedirs(p.ws)
            p.write(render(s))
            plain.append(p.run("build", env_of(s)))
        subprocess.run([IBRIDGE, "store", "init", "--store", store], check=True, capture_output=True)
        stop = threading.Event()
        gc = {"ran": 0, "busy": 0, "other": []}

        def gc_loop():
            while not stop.is_set():
                p = subprocess.run([IBRIDGE, "store", "gc", "--store", store, "--keep-sessions", "1000000"],
                                   capture_output=True, text=True)
                if p.returncode == 0:
                    gc["ran"] += 1
                elif "in use by another process" in p.stderr:
                    gc["busy"] += 1
                else:
                    gc["other"].append(p.stderr.strip())
                time.sleep(0.05)

        gc_thread = threading.Thread(target=gc_loop)
        gc_thread.start()
        results = [None] * len(copies)

        def build(i):
            results[i] = copies[i].run("build", env_of(states[i]))

        threads = [threading.Thread(target=build, args=(i,)) for i in range(len(copies))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        gc_thread.join()
        for i, r in enumerate(results):
            d = differences(plain[i], r)
            if d:
                failures.append("checkout %d: the concurrent bridged build differs from plain cargo: %s" % (i, d))
        failures += ["gc failed other than busy: " + e for e in gc["other"]]
        stats = os.path.join(store + "-wrapper", "wrapper-stats")
        unrecorded = {}
        for line in open(stats) if os.path.exists(stats) else []:
            f = line.split()
            if f and f[0] in ("unrecorded", "passthrough"):
                unrecorded[(f[1], f[2])] = f[5] if len(f) > 5 else ""
        if unrecorded:
            log("concurrent: units run but not recorded while gc ran: %s" % sorted(unrecorded.items()))
        before = records(store)
        code, out = verify_store(store)
        if code != 0:
            failures.append("ibridge verify rejects the shared store:\n" + out)
        # One more gc with the store alone, then clean rebuilds: every unit must hit.
        subprocess.run([IBRIDGE, "store", "gc", "--store", store, "--keep-sessions", "1000000"], check=True,
                       capture_output=True)
        lost = before - records(store)
        if lost:
            failures.append("gc lost %d records: %s" % (len(lost), sorted(lost)[:5]))
        for i, c in enumerate(copies):
            shutil.rmtree(os.path.join(c.ws, "target"))
            before_counts = hit_counts(store)
            r = c.run("build", env_of(states[i]))
            after = hit_counts(store)
            computed = after.get("computed", 0) - before_counts.get("computed", 0)
            hits = after.get("hit", 0) - before_counts.get("hit", 0)
            recomputed = [l.split() for l in open(stats).readlines()[sum(before_counts.values()):]
                          if l.startswith("computed")]
            lost_units = [u for u in recomputed if (u[1], u[2]) not in unrecorded]
            if recomputed:
                log("concurrent: recomputed on the clean rebuild: %s" % [(u[1], u[2]) for u in recomputed])
            if differences(plain[i], r):
                failures.append("checkout %d: a clean rebuild from the shared store differs: %s"
                                % (i, differences(plain[i], r)))
            if lost_units:
                log("concurrent: note: checkout %d recomputed %s, which was recorded during the concurrent"
                    " builds: its key differed on the rebuild (a miss, not a wrong output; one possible"
                    " cause is a dependency artifact restored from the other checkout's record)" % (i, [(u[1], u[2]) for u in lost_units]))
            log("concurrent: checkout %d rebuilt clean from the shared store: %d units hit, %d computed" % (i, hits, computed))
        log("concurrent: %d bridged builds on one store with gc looping (%d gc runs completed, %d refused as busy),"
            " %d records, seed %d, %d failures, %.0f s" % (len(copies), gc["ran"], gc["busy"], len(before), seed,
                                                           len(failures), time.time() - started))
        for f in failures:
            log("FAIL: " + f)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sequences", help="random edit sequences, plain against bridged")
    s.add_argument("--count", type=int, default=3)
    s.add_argument("--steps", type=int, default=8)
    s.add_argument("--seed", type=int)
    s.add_argument("--max-seconds", type=float, default=0, help="stop starting sequences after this long")
    s.add_argument("--keep-going", action="store_true", help="go on after a difference")
    s.add_argument("--shrink-seconds", type=float, default=600)
    s.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "ibridge-differential"))
    r = sub.add_parser("replay", help="run one sequence file")
    r.add_argument("file")
    k = sub.add_parser("kill", help="SIGKILL bridged builds at random moments")
    k.add_argument("--attempts", type=int, default=50)
    k.add_argument("--seed", type=int)
    c = sub.add_parser("concurrent", help="bridged builds sharing one store, with gc")
    c.add_argument("--builds", type=int, default=2)
    c.add_argument("--seed", type=int)
    args = ap.parse_args()
    if not os.access(wrapper_path(), os.X_OK) and not os.environ.get("IBRIDGE_CARGO"):
        print("differential: no wrapper at %s; build it with: (cd emitters/rust && cargo build --release)"
              % wrapper_path(), file=sys.stderr)
        return 2
    return {"sequences": cmd_sequences, "replay": cmd_replay, "kill": cmd_kill, "concurrent": cmd_concurrent}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
