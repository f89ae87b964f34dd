fn main() {
    eprintln!("ibridge-testee: not built yet");
    std::process::exit(2);
}
