//! Times the generator library on a synthetic spec of N events, for the scaling table in
//! BENCHMARKS.md: `cargo run --release -p codegen --example scale -- N [DIR]`. Run it under
//! `/usr/bin/time -f %M` to read the peak memory as well. With `DIR`, it also writes the output
//! files below `DIR`, laid out as in the generated crate, so that `cargo check` can be timed on
//! them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::load::{self, SpecFile};

// The same allocator as the `xtask` binary, so the figures match what `cargo xtask gen` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let events: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(100);
    let out_dir = std::env::args().nth(2).map(PathBuf::from);
    let texts: Vec<(String, String)> = codegen::synthetic::asyncapi_documents(events)
        .into_iter()
        .map(|(name, document)| (name, serde_json::to_string(&document).expect("a JSON value serializes")))
        .collect();

    let start = Instant::now();
    let files: Vec<SpecFile> = texts
        .iter()
        .map(|(name, text)| SpecFile {
            display_path: Path::new("spec").join(name),
            document: load::parse(Path::new(name), text).expect("synthetic spec parses"),
        })
        .collect();
    let generation = codegen::generate_from_documents(&files, Path::new("spec"), &Default::default())
        .expect("synthetic spec generates");
    let elapsed = start.elapsed();

    let bytes: usize = generation.files.iter().map(|file| file.contents.len()).sum();
    println!("{events} events: {:.3} s, {} files, {bytes} bytes", elapsed.as_secs_f64(), generation.files.len());

    if let Some(out_dir) = out_dir {
        for file in &generation.files {
            let path = out_dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("the output folder can be created");
            }
            std::fs::write(&path, &file.contents).expect("the output file can be written");
        }
        println!("wrote the files below {}", out_dir.display());
    }
}
