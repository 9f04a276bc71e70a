//! Tag scans and policy selection at realistic sizes: listing 2,000 tags from a
//! real `docker-registry`, and each policy over 10,000 tags.
//!
//! Run: `cargo bench -p ballast-registry --bench tags` (needs Debian's
//! `docker-registry`). Prints the median of several runs per measurement.

// A benchmark driver: failures abort with the error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use ballast_registry::{
    Client, ClientOptions, ExclusionList, ImageName, Order, Policy, TagFilter, TagSelector,
};
use ballast_testsupport::OciRegistry;

const SCANNED_TAGS: usize = 2_000;
const POLICY_TAGS: usize = 10_000;
const RUNS: usize = 7;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn measure<T>(label: &str, mut run: impl FnMut() -> T) {
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .collect();
    println!("{label:<58} {:>10.2?}", median(times));
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();

    // Scan: one image under many tags, listed anonymously over loopback HTTP.
    let registry = OciRegistry::start().unwrap();
    let tags: Vec<String> = (0..SCANNED_TAGS)
        .map(|i| format!("1.{}.{}", i / 100, i % 100))
        .collect();
    let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    let push = Instant::now();
    registry.push_tags("bench/app", &refs).unwrap();
    println!(
        "setup: pushed {SCANNED_TAGS} tags in {:.2?}",
        push.elapsed()
    );
    let image = ImageName::parse(&registry.image("bench/app")).unwrap();
    let client = Client::new(ClientOptions::new()).unwrap();
    measure(
        &format!("list_tags, {SCANNED_TAGS} tags (warm client)"),
        || {
            let listed = runtime.block_on(client.list_tags(&image)).unwrap();
            assert_eq!(listed.len(), SCANNED_TAGS);
            ExclusionList::default().apply(listed)
        },
    );
    measure(
        &format!("list_tags, {SCANNED_TAGS} tags (new client each time)"),
        || {
            let client = Client::new(ClientOptions::new()).unwrap();
            runtime.block_on(client.list_tags(&image)).unwrap()
        },
    );

    // Policies over a mix of versions, CI tags and noise.
    let mixed: Vec<String> = (0..POLICY_TAGS)
        .map(|i| match i % 4 {
            0 => format!("v{}.{}.{}", i % 7, i % 13, i),
            1 => format!("main-{:07x}-{}", i * 7919, 1_700_000_000 + i),
            2 => format!("{}.{}.{}-rc.{}", i % 5, i % 11, i % 17, i % 3),
            _ => format!("sha-{:040x}", i * 104_729),
        })
        .collect();
    let numbers: Vec<String> = (0..POLICY_TAGS)
        .map(|i| (i * 37 % 100_003).to_string())
        .collect();
    let cases = [
        (
            "semver '>=1.0.0 <5.0.0'",
            TagSelector::new(Policy::semver(">=1.0.0 <5.0.0").unwrap()),
            &mixed,
        ),
        (
            "semver '^3.x || >=6.0.0-0'",
            TagSelector::new(Policy::semver("^3.x || >=6.0.0-0").unwrap()),
            &mixed,
        ),
        (
            "alphabetical asc",
            TagSelector::new(Policy::Alphabetical(Order::Asc)),
            &mixed,
        ),
        (
            "numerical asc",
            TagSelector::new(Policy::Numerical(Order::Asc)),
            &numbers,
        ),
        (
            "filterTags '^main-[a-f0-9]+-(?P<ts>\\d+)' $ts, numerical",
            TagSelector::new(Policy::Numerical(Order::Asc))
                .with_filter(TagFilter::new(r"^main-[a-f0-9]+-(?P<ts>\d+)", "$ts").unwrap()),
            &mixed,
        ),
    ];
    for (label, selector, tags) in &cases {
        measure(&format!("{label}, {POLICY_TAGS} tags"), || {
            selector.latest(tags).unwrap()
        });
    }
}
