//! Turns the model into output files: Rust modules for the generated crate, formatted with
//! prettyplease, and a Markdown reference page per channel, each under a header that says where
//! it came from.

mod channel;
mod docs;
mod enums;
mod examples;
mod markdown;
mod object;
mod rust;
mod types;
mod validate;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::error::{Error, Result};
use crate::model::{Channel, Model};

/// One file that generation produces, with its path relative to the generated crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The folders of the generated crate that hold only generated files. Any file in them with the
/// `@generated` header that generation no longer produces is stale.
pub const GENERATED_DIRS: &[&str] = &["docs", "src/events"];

/// The marker that every generated file carries on its first line.
pub const GENERATED_MARKER: &str = "@generated";

/// Settings for output that does not end up at the root of the `qlik-events` crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// The path by which doctests name the module that contains the channel modules, such as
    /// `qlik_events`.
    pub crate_path: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions { crate_path: "qlik_events".to_owned() }
    }
}

/// Emits every output file for `model`. `spec_dir` is shown in headers of files that come from
/// all specs together.
pub fn emit(model: &Model, spec_dir: &Path, options: &EmitOptions) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for rendered in render_jobs(model, spec_dir, options) {
        files.extend(rendered?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A piece of a generated Rust module.
pub(crate) enum Part {
    /// Items that prettyplease lays out.
    Tokens(TokenStream),
    /// One struct or enum that prettyplease lays out, whose docs are attached after its tokens
    /// are parsed: `docs` to the item, and `member_docs` to its fields or variants, in order,
    /// before their other attributes. Docs are most of a module's tokens, and each line would
    /// otherwise be escaped into a literal token and parsed back.
    Documented { tokens: TokenStream, docs: String, member_docs: Vec<String> },
    /// Items that the generator lays out itself, such as an `object!` declaration, whose body
    /// prettyplease would print as a run of tokens filled to the line width.
    Text(String),
}

/// One unit of rendering work: a channel's module and page, or the module over all channels.
#[derive(Clone, Copy)]
enum Job<'m> {
    Channel(&'m Channel),
    Root,
}

/// Renders each channel's module and page, and the module over all channels, spreading the jobs
/// over the available cores.
///
/// Rendering takes most of the generator's time, and the jobs are independent. The jobs with the
/// largest estimated output start first, so that a large one does not start last and keep one
/// core busy alone. Results come back in spec order with the module over all channels last, so
/// neither the files nor the first error depend on scheduling.
fn render_jobs(model: &Model, spec_dir: &Path, options: &EmitOptions) -> Vec<Result<Vec<OutputFile>>> {
    // Each job keeps its position in spec order, which orders the results and so the errors.
    let mut jobs: Vec<(usize, Job)> = model.channels.iter().map(Job::Channel).chain([Job::Root]).enumerate().collect();
    // A rough cost, in about a kilobyte of output each: a type renders to a few items with their
    // validators, and the module over all channels to a few match arms for each event.
    let events: usize = model.channels.iter().map(|channel| channel.events.len()).sum();
    jobs.sort_by_key(|(_, job)| match job {
        Job::Channel(channel) => std::cmp::Reverse(2 * channel.types.len()),
        Job::Root => std::cmp::Reverse(events),
    });
    let render = |job: Job| match job {
        Job::Channel(channel) => render_channel(channel, options).map(Vec::from),
        Job::Root => {
            let root = channel::root_module(model);
            rust_file("src/events/mod.rs", &format!("the specs in {}/", spec_dir.display()), vec![Part::Tokens(root)])
                .map(|file| vec![file])
        }
    };
    let mut results: Vec<(usize, Result<Vec<OutputFile>>)> =
        crate::parallel::map(&jobs, |&(position, job)| (position, render(job)));
    results.sort_by_key(|(position, _)| *position);
    results.into_iter().map(|(_, result)| result).collect()
}

fn render_channel(channel: &Channel, options: &EmitOptions) -> Result<[OutputFile; 2]> {
    let source = channel.spec_file.display().to_string();
    let parts = channel::channel_module(channel, options);
    let module = rust_file(&format!("src/events/{}.rs", channel.module), &source, parts)?;
    let page = OutputFile {
        path: PathBuf::from(format!("docs/{}.md", channel.short_name)),
        contents: format!("{}{}\n", markdown_header(&source), docs::channel_page(channel).trim_end()),
    };
    Ok([module, page])
}

/// Returns the first line of a generated Rust file.
pub fn rust_header(source: &str) -> String {
    format!("// {GENERATED_MARKER} by `cargo xtask gen` from {source}. Do not edit by hand.\n")
}

/// Returns the first line of a generated Markdown file, an HTML comment that no renderer shows.
pub fn markdown_header(source: &str) -> String {
    format!("<!-- {GENERATED_MARKER} by `cargo xtask gen` from {source}. Do not edit by hand. -->\n")
}

/// Formats `parts` into one Rust file: the items through prettyplease, and each text as it is,
/// with a blank line between items.
fn rust_file(path: &str, source: &str, parts: Vec<Part>) -> Result<OutputFile> {
    let mut printer = Printer {
        path,
        contents: rust_header(source),
        file: syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: Vec::new() },
        tokens: TokenStream::new(),
    };
    for part in parts {
        match part {
            Part::Tokens(tokens) => printer.tokens.extend(tokens),
            Part::Documented { tokens, docs, member_docs } => {
                printer.parse_tokens()?;
                let mut item: syn::Item = printer.parse(tokens)?;
                attach_docs(&mut item, &docs, &member_docs);
                printer.file.items.push(item);
            }
            Part::Text(text) => {
                printer.print()?;
                printer.contents.push('\n');
                printer.contents.push_str(&text);
            }
        }
    }
    printer.print()?;
    Ok(OutputFile { path: PathBuf::from(path), contents: printer.contents })
}

/// Collects the items of a Rust file and prints them, after the file's header, each time a text
/// part comes between them.
struct Printer<'a> {
    path: &'a str,
    contents: String,
    /// The items parsed since the last print.
    file: syn::File,
    /// The tokens since the last parse.
    tokens: TokenStream,
}

impl Printer<'_> {
    fn parse<T: syn::parse::Parse>(&self, tokens: TokenStream) -> Result<T> {
        syn::parse2(tokens).map_err(|err| {
            Error::file(Path::new(self.path), format!("internal error: the generated code does not parse: {err}"))
                .hint("this is a bug in the generator; please report it with the spec that triggers it")
        })
    }

    fn parse_tokens(&mut self) -> Result<()> {
        if self.tokens.is_empty() {
            return Ok(());
        }
        let tokens = std::mem::take(&mut self.tokens);
        let file: syn::File = self.parse(tokens)?;
        self.file.attrs.extend(file.attrs);
        self.file.items.extend(file.items);
        Ok(())
    }

    fn print(&mut self) -> Result<()> {
        self.parse_tokens()?;
        if self.file.attrs.is_empty() && self.file.items.is_empty() {
            return Ok(());
        }
        // The header went on before the items, because the token round trip drops `//` comments.
        self.contents.push('\n');
        self.contents.push_str(&space_items(&prettyplease::unparse(&self.file)));
        self.file.attrs.clear();
        self.file.items.clear();
        Ok(())
    }
}

/// Puts `docs` before the other attributes of a struct or enum, and each of `member_docs` before
/// those of the field or variant at the same position.
fn attach_docs(item: &mut syn::Item, docs: &str, member_docs: &[String]) {
    let (attrs, members): (&mut Vec<syn::Attribute>, Vec<&mut Vec<syn::Attribute>>) = match item {
        syn::Item::Struct(item) => (&mut item.attrs, item.fields.iter_mut().map(|field| &mut field.attrs).collect()),
        syn::Item::Enum(item) => {
            (&mut item.attrs, item.variants.iter_mut().map(|variant| &mut variant.attrs).collect())
        }
        _ => return,
    };
    attrs.splice(0..0, rust::doc_attributes(docs));
    for (attrs, docs) in members.into_iter().zip(member_docs) {
        attrs.splice(0..0, rust::doc_attributes(docs));
    }
}

/// Puts a blank line between top-level items, which prettyplease prints back to back, so that a
/// reviewer reads the generated file as easily as a hand-written one.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let is_comment = line.starts_with("//");
        let ends_item = line == "}" || (line.ends_with(';') && !line.starts_with(' ') && !is_comment);
        let ends_module_docs = line.starts_with("//!") && lines.peek().is_some_and(|next| !next.starts_with("//!"));
        if (ends_item || ends_module_docs) && lines.peek().is_some_and(|next| !next.is_empty()) {
            out.push('\n');
        }
    }
    out
}
