//! `cargo ibridge CMD [ARGS]`: cargo through the bridge, with a summary; `explain` and `gc`.

fn main() {
    std::process::exit(cargo_ibridge::front::main(std::env::args_os().skip(1).collect()));
}
