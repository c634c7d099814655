fn main() -> std::process::ExitCode {
    vp::cli::main()
}
