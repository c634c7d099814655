// mimalloc rather than the system's malloc: see Cargo.toml and docs/prestanda.md.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vp::cli::main()
}
