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

    // Shapes that once made a pass quadratic: long runs of one pattern, ~1 MB each.
    let mut adv = c.benchmark_group("detect_adversarial");
    for (name, unit, times) in [
        ("spaced_groups", "4111 ", 200_000),
        ("spoken_digits", "four one one one ", 60_000),
        ("spoken_emails", "a dot b at c dot com ", 50_000),
        ("dates", "12/12/1990 ", 80_000),
        ("dashes", "1-2-3-4-5-6-", 80_000),
        ("greetings", "hi maria thanks john ", 50_000),
    ] {
        let text = unit.repeat(times);
        adv.throughput(Throughput::Bytes(text.len() as u64));
        adv.sample_size(10);
        adv.bench_function(name, |b| {
            b.iter(|| detect(black_box(&text), InputKind::Text).len())
        });
    }
    adv.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
