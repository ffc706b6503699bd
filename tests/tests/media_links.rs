//! Media links through the real `muffle` binary: the agency password from stdin, a link
//! minted by `muffle links create`, opened on `muffle web`, revoked by `muffle links revoke`;
//! and `muffle demo` printing its link.

use std::{io::Write, process::Command, process::Stdio, time::Duration};

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

fn curl(args: &[&str]) -> String {
    let output = Command::new("curl").args(args).output().expect("curl");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn status(args: &[&str]) -> String {
    let mut all = vec!["-s", "-o", "/dev/null", "-w", "%{http_code}"];
    all.extend_from_slice(args);
    curl(&all)
}

#[tokio::test(flavor = "multi_thread")]
async fn links_are_minted_opened_with_the_agency_password_and_revoked() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let env = TestEnv::production()
        .await
        .env("PORT", &port.to_string())
        .env("MUFFLE_PUBLIC_URL", &base);
    env.ok(&["migrate"]);
    let db = env.db().await;
    let agency = entity::agencies::ActiveModel {
        name: Set("Northwind".into()),
        media_link_ttl_days: Set(Some(7)),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let account = entity::accounts::ActiveModel {
        name: Set("Acme".into()),
        agency_id: Set(Some(agency.id)),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let call = entity::calls::ActiveModel {
        account_id: Set(account.id),
        recording_key: Set(Some("calls/7.wav".into())),
        redacted_at: Set(Some(chrono::Utc::now())),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let recordings = env.data_dir.path().join("data/recordings/calls");
    std::fs::create_dir_all(&recordings).unwrap();
    std::fs::write(recordings.join("7.wav"), b"RIFF....WAVE redacted bytes").unwrap();

    // The password comes from stdin, never a flag.
    let mut child = env
        .muffle(&[
            "agencies",
            "set-media-password",
            &agency.id.to_string(),
            "--username",
            "ops",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long passphrase\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let created = env.ok(&[
        "links",
        "create",
        "--call",
        &call.id.to_string(),
        "--purpose",
        "share",
    ]);
    let url = created.lines().last().unwrap().to_owned();
    assert!(url.starts_with(&format!("{base}/media/")), "{created}");
    assert!(created.contains("password required"));
    let unknown = env.run(&["links", "create", "--call", "987654"]);
    assert_eq!(unknown.status.code(), Some(2));

    let web = env.spawn(&["web"], "web.log");
    let up = eventually(Duration::from_secs(20), || async {
        status(&[&format!("{base}/healthz")]) == "200"
    })
    .await;
    assert!(up, "web did not come up: {}", env.log("web.log"));

    let page = curl(&["-s", &url]);
    assert!(
        page.contains("name=\"password\"") && !page.contains("<audio"),
        "{page}"
    );
    assert_eq!(status(&["-d", "username=ops&password=wrong", &url]), "401");
    let cookie_jar = env.data_dir.path().join("cookies");
    let jar = cookie_jar.to_str().unwrap();
    assert_eq!(
        status(&[
            "-c",
            jar,
            "-d",
            "username=ops&password=a+long+passphrase",
            &url
        ]),
        "303"
    );
    let audio = curl(&["-s", "-b", jar, &format!("{url}/audio")]);
    assert_eq!(audio, "RIFF....WAVE redacted bytes");

    let revoked = env.ok(&["links", "revoke", "--call", &call.id.to_string()]);
    assert_eq!(revoked.trim(), "1 link(s) revoked");
    assert_eq!(status(&[&url]), "410");
    assert_eq!(status(&["-b", jar, &format!("{url}/audio")]), "410");

    signal(&web, "TERM");
    assert!(wait_exit(web, Duration::from_secs(10)).success());
    let token = url.rsplit('/').next().unwrap();
    assert!(
        !env.log("web.log").contains(token),
        "a token reached the log"
    );
}

#[test]
fn the_demo_prints_a_link_to_its_call() {
    let env = TestEnv::embedded();
    let out = env.ok(&["demo"]);
    // Under "Try next", indented below the `muffle web` line.
    let link = out
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("http://localhost:8080/media/"))
        .unwrap_or_else(|| panic!("no media link in:\n{out}"));
    assert!(link.len() > 60, "{out}");
    assert!(out.contains("muffle web"), "{out}");
}
