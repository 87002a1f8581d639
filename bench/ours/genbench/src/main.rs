//! Generation time: `ours-genbench RUNS MODEL...` runs the library's
//! `Config::generate()` (read and check the model, build the IR, emit,
//! format) RUNS times per model, in process, and prints one tab-separated
//! line per model: path, model bytes, median ms, min ms, lines of Rust
//! generated, or `skipped` and the generator's message for a model it does
//! not take (e.g. not restJson1).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .and_then(|r| r.parse().ok())
        .expect("usage: ours-genbench RUNS MODEL...");
    for model in args {
        let bytes = std::fs::metadata(&model).map_or(0, |m| m.len());
        let mut times = Vec::with_capacity(runs);
        let mut lines = 0;
        let mut failure = None;
        for _ in 0..runs {
            let start = Instant::now();
            let result = smithy_codegen::Config::new().model(&model).generate();
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            match result {
                Ok(code) => {
                    lines = code.lines().count();
                    times.push(elapsed);
                }
                Err(error) => {
                    failure = Some(error.to_string());
                    break;
                }
            }
        }
        if let Some(message) = failure {
            let first = message.lines().next().unwrap_or("").replace('\t', " ");
            println!("{model}\t{bytes}\tskipped\t{first}");
            continue;
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{model}\t{bytes}\t{:.2}\t{:.2}\t{lines}",
            times[times.len() / 2],
            times[0]
        );
    }
}
