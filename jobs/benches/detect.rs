//! Detection throughput over the whole dev corpus text.

use std::hint::black_box;
use std::io::BufRead;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jobs::detect::{InputKind, detect};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/pii-dev.jsonl"
);

fn load() -> Vec<(String, InputKind)> {
    let f = std::fs::File::open(CORPUS).expect("dev corpus");
    std::io::BufReader::new(f)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
            let kind = v["kind"]
                .as_str()
                .and_then(|k| k.parse().ok())
                .unwrap_or(InputKind::Text);
            (v["text"].as_str().unwrap().to_string(), kind)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let items = load();
    let bytes: usize = items.iter().map(|(t, _)| t.len()).sum();
    let mut g = c.benchmark_group("detect");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("dev_corpus", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, k) in &items {
                n += detect(black_box(t), *k).len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
