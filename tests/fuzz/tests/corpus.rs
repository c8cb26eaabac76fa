//! Replays the committed corpus (tests/fuzz/corpus/<target>/*) through the fuzz targets'
//! properties, on stable, in every test run. The fuzzer only finds new inputs; this checks them.

use std::path::{Path, PathBuf};

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 8] = [
    ("sse", cerebras_wasm_fuzz::check_sse),
    ("batcher", cerebras_wasm_fuzz::check_batcher),
    ("json", cerebras_wasm_fuzz::check_json),
    ("options", cerebras_wasm_fuzz::check_options),
    ("retry", cerebras_wasm_fuzz::check_retry),
    ("schema", cerebras_wasm_fuzz::check_schema),
    ("partial_json", cerebras_wasm_fuzz::check_partial_json),
    ("tool_runner", cerebras_wasm_fuzz::check_tool_runner),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs every file of `root/<target>/` through its check, on a thread with a deep stack (serde_json,
/// the reference, recurses on nesting; the fuzzers run with the main thread's 8 MB). Returns how
/// many files there were and those that failed.
fn replay(root: &str, target: &str, check: Check) -> (usize, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(root).join(target);
    let files = files(&dir);
    let count = files.len();
    let failed = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut failed = Vec::new();
            for file in files {
                let data = std::fs::read(&file).expect("readable corpus file");
                if std::panic::catch_unwind(|| check(&data)).is_err() {
                    failed.push(file.display().to_string());
                }
            }
            failed
        })
        .expect("thread")
        .join()
        .expect("replay thread");
    (count, failed)
}

macro_rules! corpus_test {
    ($name:ident, $index:expr) => {
        #[test]
        fn $name() {
            let (target, check) = TARGETS[$index];
            let (count, failed) = replay("corpus", target, check);
            assert!(count > 0, "no corpus for {target}");
            assert!(failed.is_empty(), "{target}: these inputs fail its properties: {failed:#?}");
            println!("{target}: {count} inputs replayed");
        }
    };
}

corpus_test!(sse, 0);
corpus_test!(batcher, 1);
corpus_test!(json, 2);
corpus_test!(options, 3);
corpus_test!(retry, 4);
corpus_test!(schema, 5);
corpus_test!(partial_json, 6);
corpus_test!(tool_runner, 7);

/// Inputs that made a target fail, kept under tests/fuzz/crashes/<target>/ until the bug in
/// src/ is fixed (then they move to the corpus). Run with `cargo test -- --ignored`.
#[test]
#[ignore = "known failures, until fixed in src/"]
fn crashes() {
    let mut failed = Vec::new();
    for (target, check) in TARGETS {
        failed.extend(replay("crashes", target, check).1);
    }
    assert!(failed.is_empty(), "these inputs still fail: {failed:#?}");
}
