//! The offline and HTTP entry points, end to end through the real binary.

use std::{path::PathBuf, process::Command, time::Duration};

use e2e::{TestEnv, eventually, signal, wait_exit};

fn shared_audio() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/audio"));
    assert!(
        dir.is_dir(),
        "shared recordings missing at {}",
        dir.display()
    );
    dir
}

#[test]
fn redact_call_silences_every_gold_range_of_the_shared_recordings() {
    let env = TestEnv::embedded();
    let mut checked = 0;
    for entry in std::fs::read_dir(shared_audio()).unwrap() {
        let wav = entry.unwrap().path();
        if wav.extension().is_none_or(|e| e != "wav") {
            continue;
        }
        let stem = wav.with_extension("");
        let transcript = stem.with_extension("transcript.json");
        let gold = stem.with_extension("gold.json");
        let out = env.data_dir.path().join("redacted.wav");
        for style in ["silence", "beep"] {
            let args = [
                "redact-call",
                "--transcript",
                transcript.to_str().unwrap(),
                "--audio",
                wav.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--style",
                style,
            ];
            let redacted: serde_json::Value =
                serde_json::from_str(&env.ok(&args)).expect("transcript JSON on stdout");
            let words = redacted["words"].as_array().unwrap();
            assert!(
                words
                    .iter()
                    .any(|w| w["text"].as_str().unwrap().starts_with('[')),
                "placeholders in the transcript"
            );
            let check = Command::new("python3")
                .arg(shared_audio().join("../tools/check_redacted.py"))
                .args([&wav, &out, &gold])
                .output()
                .expect("run check_redacted.py");
            let verdict = String::from_utf8_lossy(&check.stdout);
            assert!(
                check.status.success(),
                "{} ({style}): {verdict}",
                wav.display()
            );
            assert!(verdict.starts_with("PASS"), "{verdict}");
        }
        checked += 1;
    }
    assert!(checked >= 6, "checked {checked} recordings");
}

#[test]
fn redact_call_rejects_corrupt_audio_and_writes_nothing() {
    let env = TestEnv::embedded();
    let bad = env.data_dir.path().join("bad.wav");
    std::fs::write(&bad, b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk").unwrap();
    let out = env.data_dir.path().join("out.wav");
    let transcript = shared_audio().join(format!("{}.transcript.json", first_stem()));
    let output = env.run(&[
        "redact-call",
        "--transcript",
        transcript.to_str().unwrap(),
        "--audio",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wav"), "names the format: {stderr}");
    assert!(!out.exists(), "no output written for corrupt input");
}

fn first_stem() -> String {
    let mut stems: Vec<String> = std::fs::read_dir(shared_audio())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".transcript.json").map(str::to_owned))
        .collect();
    stems.sort();
    stems.remove(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_platform_enqueues_over_http() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let env = TestEnv::production()
        .await
        .env("PORT", &port.to_string())
        .env("MUFFLE_API_TOKEN", "t0ken");
    env.ok(&["migrate"]);
    let web = env.spawn(&["web"], "web.log");
    let base = format!("http://127.0.0.1:{port}");
    let up = eventually(Duration::from_secs(20), || async {
        curl(&["-s", &format!("{base}/healthz")]).contains("{\"database\":true,\"queue\":true}")
    })
    .await;
    assert!(up, "web did not come up: {}", env.log("web.log"));

    let unauthorized = curl(&[
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-X",
        "POST",
        "-d",
        "{}",
        &format!("{base}/jobs/probe_worker"),
    ]);
    assert_eq!(unauthorized, "401");
    let auth = "Authorization: Bearer t0ken";
    let bad = curl(&[
        "-s",
        "-w",
        " %{http_code}",
        "-H",
        auth,
        "-X",
        "POST",
        "-d",
        r#"{"probe_id":4111111111111111}"#,
        &format!("{base}/jobs/probe_worker"),
    ]);
    assert!(bad.ends_with(" 422") && !bad.contains("4111"), "{bad}");
    // serde quotes a bad enum variant; the body is built from the schema instead.
    let bad_variant = curl(&[
        "-s",
        "-w",
        " %{http_code}",
        "-H",
        auth,
        "-X",
        "POST",
        "-d",
        r#"{"account_id":1,"kinds":["jane.roe@example.com"]}"#,
        &format!("{base}/jobs/redact_account"),
    ]);
    assert!(
        bad_variant.ends_with(" 422")
            && bad_variant.contains("field `kinds[0]`: unknown variant")
            && !bad_variant.contains("jane"),
        "{bad_variant}"
    );
    let unknown = curl(&[
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        auth,
        "-X",
        "POST",
        "-d",
        "{}",
        &format!("{base}/jobs/nope"),
    ]);
    assert_eq!(unknown, "404");
    let accepted = curl(&[
        "-s",
        "-w",
        " %{http_code}",
        "-H",
        auth,
        "-X",
        "POST",
        "-d",
        r#"{"probe_id":"via-http"}"#,
        &format!("{base}/jobs/probe_worker"),
    ]);
    assert!(
        accepted.ends_with(" 202") && accepted.contains("task_id"),
        "{accepted}"
    );

    signal(&web, "TERM");
    assert!(wait_exit(web, Duration::from_secs(10)).success());
    env.ok(&["run", "--drain"]);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let done = entity::worker_probes::Entity::find()
        .filter(entity::worker_probes::Column::ProbeId.eq("via-http"))
        .all(&env.db().await)
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
}

fn curl(args: &[&str]) -> String {
    let output = Command::new("curl").args(args).output().expect("curl");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
