//! Generator speed by event count: this crate's library from spec text to formatted files, beside
//! typify on the same events written as JSON Schema, formatted with prettyplease as well.
//!
//! Run with `cargo bench -p codegen --bench generator`.

use std::hint::black_box;
use std::path::Path;

use codegen::load::{self, SpecFile};
use codegen::synthetic;
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

const EVENT_COUNTS: [usize; 4] = [10, 100, 1_000, 5_000];

/// Parses spec texts and generates every output file, as `cargo xtask gen` does after reading files.
fn generate_ours(texts: &[(String, String)]) -> usize {
    let files: Vec<SpecFile> = texts
        .iter()
        .map(|(name, text)| SpecFile {
            display_path: Path::new("spec").join(name),
            document: load::parse(Path::new(name), text).expect("synthetic spec parses"),
        })
        .collect();
    let model = codegen::lower::lower(&files).expect("synthetic spec lowers");
    let output = codegen::emit::emit(&model, Path::new("spec"), &codegen::emit::EmitOptions::default())
        .expect("synthetic spec generates");
    output.iter().map(|file| file.contents.len()).sum()
}

/// Generates and formats one module per JSON Schema document with typify.
fn generate_typify(texts: &[String]) -> usize {
    let mut total = 0;
    for text in texts {
        let schema: schemars::schema::RootSchema = serde_json::from_str(text).expect("synthetic schema parses");
        let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
        space.add_root_schema(schema).expect("typify accepts the synthetic schema");
        let file: syn_2::File = syn_2::parse2(space.to_stream()).expect("typify output parses");
        total += prettyplease_syn2::unparse(&file).len();
    }
    total
}

fn generator(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sampling_mode(SamplingMode::Flat);
    for events in EVENT_COUNTS {
        group.sample_size(if events >= 1_000 { 10 } else { 30 });
        let ours: Vec<(String, String)> = synthetic::asyncapi_documents(events)
            .into_iter()
            .map(|(name, document)| (name, serde_json::to_string(&document).unwrap()))
            .collect();
        let theirs: Vec<String> =
            synthetic::json_schema_documents(events).iter().map(|document| document.to_string()).collect();

        group.bench_with_input(BenchmarkId::new("codegen", events), &ours, |b, texts| {
            b.iter(|| black_box(generate_ours(texts)))
        });
        group.bench_with_input(BenchmarkId::new("typify", events), &theirs, |b, texts| {
            b.iter(|| black_box(generate_typify(texts)))
        });
    }
    group.finish();
}

criterion_group!(benches, generator);
criterion_main!(benches);
