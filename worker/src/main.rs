//! `muffle`: the background worker, clock and admin CLI of Muffle.

mod admin;
mod bench;
#[cfg(test)]
mod browser_testing;
mod config;
mod db;
mod demo;
mod demo_mail;
mod doctor;
mod failed;
mod media_cli;
mod media_gateway;
mod metrics;
mod notifications_cli;
mod outbox;
mod panics;
mod pauses;
mod queue;
mod redact_call;
mod restarts;
mod runtime;
mod status_writer;
mod task_status;
mod web;

use std::{io::IsTerminal, process::ExitCode, time::Duration};

use clap::{Parser, Subcommand};
use config::{Config, LogFormat};

#[derive(Parser)]
#[command(
    name = "muffle",
    version,
    about = "Detects and redacts sensitive data in calls, texts, chats and forms; runs retention sweeps.",
    after_help = config::ENVIRONMENT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply database migrations (the Procfile's `release` phase).
    Migrate,
    /// Run the worker: process jobs from every queue until SIGTERM.
    Run {
        /// Process until every queue is empty, then exit.
        #[arg(long)]
        drain: bool,
    },
    /// Run the scheduler that enqueues retention sweeps.
    Clock,
    /// Serve the health check and the HTTP enqueue API on $PORT.
    Web,
    /// Validate a job payload and enqueue it; prints the task id.
    #[command(after_help = enqueue_help())]
    Enqueue {
        /// The job's name, e.g. vacuum_queues.
        job: String,
        /// The payload as JSON (ids only).
        #[arg(long, default_value = "{}")]
        json: String,
    },
    /// Inspect and re-run failed jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Seed the embedded database with sample interactions, process them and show, for each,
    /// what was found and what is stored now.
    Demo {
        /// Show the worker's log lines (else they go to MUFFLE_DATA_DIR/demo.log).
        #[arg(short, long)]
        verbose: bool,
        /// Print one JSON report (for scripts) instead of the story.
        #[arg(long)]
        json: bool,
    },
    /// Detect sensitive data in JSON Lines read from stdin.
    Detect {
        /// Print the redacted text instead of spans.
        #[arg(long, conflicts_with = "explain")]
        redact: bool,
        /// Print, per span, the rule that found it and the cue words that typed it ("why was
        /// this masked?"); never the value.
        #[arg(long)]
        explain: bool,
    },
    /// Redact a call offline: detect in a word-timed transcript, silence (or beep) the
    /// sensitive words in the audio, write OUT and print the redacted transcript JSON.
    RedactCall {
        /// `{"words":[{"text","start_ms","end_ms","speaker"}]}`
        #[arg(long)]
        transcript: std::path::PathBuf,
        /// WAV (PCM, µ-law, a-law, float) or MP3.
        #[arg(long)]
        audio: std::path::PathBuf,
        #[arg(long)]
        out: std::path::PathBuf,
        /// silence or beep
        #[arg(long, default_value = "silence")]
        style: String,
        /// Padding added to each side of a sensitive word, in milliseconds.
        #[arg(long, default_value_t = jobs::audio::DEFAULT_PAD_MS)]
        pad_ms: u64,
    },
    /// Manage retention schedules.
    Schedules {
        #[command(subcommand)]
        command: SchedulesCommand,
    },
    /// Retention sweeps.
    Sweeps {
        #[command(subcommand)]
        command: SweepsCommand,
    },
    /// Agencies' media-link policy (expiry, password, PCI mode).
    Agencies {
        #[command(subcommand)]
        command: media_cli::AgenciesCommand,
    },
    /// Mint and revoke links to call recordings.
    Links {
        #[command(subcommand)]
        command: media_cli::LinksCommand,
    },
    /// Post-call notification e-mails: rules, previews, deliveries.
    Notifications {
        #[command(subcommand)]
        command: notifications_cli::NotificationsCommand,
    },
    /// Check the deployment: configuration, database and migrations, queue, S3, SMTP, clock,
    /// waiting and failed jobs. Exit 1 when anything is wrong.
    Doctor,
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// List jobs that failed permanently or ran out of retries.
    Failed {
        /// Include jobs that were already retried.
        #[arg(long)]
        all: bool,
    },
    /// Enqueue a failed job again (by the id `muffle jobs failed` shows).
    Retry { id: i64 },
    /// Where a job stands, by the task id `muffle enqueue` printed: state (queued,
    /// scheduled, running, retrying, succeeded, failed), attempts, next run, last error.
    Show { task_id: String },
    /// List the job names and their queues.
    List,
}

#[derive(Subcommand)]
enum SchedulesCommand {
    /// Add a schedule; prints its id.
    Add {
        #[arg(long)]
        account: i64,
        /// Cron expression with seconds, e.g. "0 0 3 * * *" (03:00 every day).
        #[arg(long)]
        cron: String,
        /// IANA time zone; defaults to the account's.
        #[arg(long)]
        tz: Option<String>,
        /// Comma-separated: calls,texts,chats,forms.
        #[arg(long)]
        kinds: String,
        #[arg(long)]
        older_than_days: i64,
        /// redact | redact_all | delete_recordings | delete
        #[arg(long)]
        action: String,
    },
    /// List schedules.
    List {
        #[arg(long)]
        account: Option<i64>,
    },
    /// Show one schedule.
    Show { id: i64 },
    /// Stop a schedule from firing.
    Disable { id: i64 },
    /// Let a disabled schedule fire again.
    Enable { id: i64 },
    /// Print the next fire times in the schedule's zone (RFC 3339).
    Next {
        id: i64,
        #[arg(long, default_value_t = 5)]
        count: usize,
        /// Start from this RFC 3339 time instead of now.
        #[arg(long)]
        from: Option<String>,
    },
}

#[derive(Subcommand)]
enum SweepsCommand {
    /// Running and recent sweeps, with progress bars for running ones.
    Status {
        #[arg(long, default_value_t = 20)]
        recent: u64,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// No-op job throughput of the configured queue (REDIS_URL, else the embedded queue).
    Queue {
        #[arg(long, default_value_t = 20_000)]
        jobs: u64,
    },
    /// Idle pickup latency (push one job at a time to idle workers).
    Pickup {
        #[arg(long, default_value_t = 50)]
        samples: usize,
        /// Consume in a separate `muffle run` process instead of in this one.
        #[arg(long)]
        cross_process: bool,
        /// Enqueue by inserting into `job_outbox` (measures the relay too).
        #[arg(long)]
        via_outbox: bool,
    },
}

/// Exit code for bad input (unknown job, malformed payload, bad configuration).
const USAGE_ERROR: u8 = 2;

/// mimalloc: see worker/Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    panics::install();
    let cli = Cli::parse();
    // Offline commands read files or stdin only: no configuration, no database.
    if let Some(code) = run_offline(&cli.command) {
        return code;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        // The doctor reports a bad variable as one of its findings.
        Err(error) if matches!(cli.command, Command::Doctor) => {
            return doctor::config_failed(&error);
        }
        Err(error) => {
            eprintln!("muffle: {error}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    if let Err(error) = init_tracing(&config, &cli.command) {
        eprintln!("muffle: {error:#}");
        return ExitCode::FAILURE;
    }
    // One rustls crypto backend (ring) for every TLS connection (rediss://, SMTP, S3,
    // Postgres); installed explicitly so no library has to guess.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Crash tests set fail points through FAILPOINTS ("outbox-after-push=return(600000)");
    // unset, every fail point is inert.
    let _fail_points = std::env::var_os("FAILPOINTS").map(|_| fail::FailScenario::setup());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("muffle: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(execute(cli.command, config));
    // Don't wait for stray blocking tasks (e.g. stdin readers) on the way out.
    runtime.shutdown_timeout(Duration::from_secs(1));
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("muffle: {}", error_message(&error));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: a database error's text repeats its
/// driver error (`Query Error: … no such table` twice), and its driver detail is internals
/// at best and a quoted value at worst, so it is replaced by [`db::describe_db_error`].
fn error_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = match cause.downcast_ref::<sea_orm::DbErr>() {
            Some(db_error) => db::describe_db_error(db_error),
            None => cause.to_string(),
        };
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        if cause.is::<sea_orm::DbErr>() {
            break;
        }
    }
    message
}

/// `muffle detect` and `muffle redact-call` need no database, queue or configuration; they
/// run here, before the environment is read. `None` for every other command.
fn run_offline(command: &Command) -> Option<ExitCode> {
    let result = match command {
        Command::Detect { redact, explain } => detect(*redact, *explain),
        Command::RedactCall {
            transcript,
            audio,
            out,
            style,
            pad_ms,
        } => redact_call::run(transcript, audio, out, style, *pad_ms),
        _ => return None,
    };
    Some(result.unwrap_or_else(|error| {
        eprintln!("muffle: {}", error_message(&error));
        ExitCode::FAILURE
    }))
}

fn detect(redact: bool, explain: bool) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let errors = if explain {
        jobs::detect::jsonl::explain(stdin.lock(), stdout.lock(), std::io::stderr())?
    } else {
        jobs::detect::jsonl::run(stdin.lock(), stdout.lock(), std::io::stderr(), redact)?
    };
    if errors > 0 {
        eprintln!("muffle: {errors} malformed input line(s)");
        return Ok(ExitCode::from(USAGE_ERROR));
    }
    Ok(ExitCode::SUCCESS)
}

/// `muffle enqueue --help`: every job and its payload, from the job registry.
fn enqueue_help() -> String {
    let mut help = String::from("Jobs and their payloads (`?`: optional):\n");
    let width = jobs::registry::names()
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(0);
    for spec in jobs::registry::JOBS {
        let shape = (spec.payload)();
        help.push_str(&format!("  {:<width$}  {}\n", spec.name, shape.summary()));
    }
    let example = (jobs::registry::JOBS[0].payload)().example;
    help.push_str(&format!(
        "\nExample: muffle enqueue {} --json '{example}'",
        jobs::registry::JOBS[0].name
    ));
    help
}

async fn execute(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Migrate => {
            let db = db::connect(&config).await?;
            db::migrate(&db).await?;
            println!("migrations applied");
        }
        Command::Run { drain } => {
            let _metrics = serve_metrics(&config).await?;
            let runtime = db::runtime(config, true).await?;
            let until = if drain {
                runtime::Until::Drained
            } else {
                runtime::Until::Signal
            };
            runtime::run(runtime, until).await?;
        }
        Command::Clock => {
            let _metrics = serve_metrics(&config).await?;
            let runtime = db::runtime(config, true).await?;
            tracing::info!("clock started");
            // The outbox moves whether a worker or only the clock is up.
            let _relay = outbox::RelayTask::spawn(&runtime.db, &runtime.queues);
            tokio::join!(
                jobs::retention::clock::run_clock(
                    runtime.db.clone(),
                    runtime.job_queue.clone(),
                    runtime::shutdown_signal(),
                ),
                jobs::retention::maintenance::run(
                    runtime.db.clone(),
                    runtime.job_queue.clone(),
                    runtime::shutdown_signal(),
                ),
            );
            tracing::info!("clock stopped");
        }
        Command::Schedules { command } => return schedules(config, command).await,
        Command::Agencies { command } => return media_cli::agencies(config, command).await,
        Command::Links { command } => return media_cli::links(config, command).await,
        Command::Notifications { command } => {
            return notifications_cli::run(config, command).await;
        }
        Command::Sweeps {
            command: SweepsCommand::Status { recent },
        } => {
            let db = db::connect_migrated(&config).await?;
            match jobs::retention::admin::sweeps_status(&db, recent).await {
                Ok(text) => print!("{text}"),
                Err(error) => return Ok(admin_error(error)),
            }
        }
        Command::Web => web::serve(config).await?,
        Command::Detect { .. } | Command::RedactCall { .. } => {
            unreachable!("offline commands run before the configuration is read")
        }
        Command::Enqueue { job, json } => return enqueue(config, &job, &json).await,
        Command::Jobs { command } => match command {
            JobsCommand::Failed { all } => {
                failed::list(&db::connect_migrated(&config).await?, all).await?
            }
            JobsCommand::Retry { id } => return failed::retry(config, id).await,
            JobsCommand::Show { task_id } => {
                let queues = queue::Queues::connect(&config).await?;
                match queues.status(task_id.trim()).await? {
                    Some(status) => print!("{}", status.describe()),
                    None => {
                        eprintln!(
                            "muffle: no task {} (unknown, or finished more than MUFFLE_KEEP_FINISHED_SECS ago)",
                            task_id.trim()
                        );
                        return Ok(ExitCode::from(USAGE_ERROR));
                    }
                }
            }
            JobsCommand::List => {
                let queues_prefix = &config.queue_prefix;
                for name in jobs::registry::names() {
                    println!("{name}\t{queues_prefix}:{name}");
                }
            }
        },
        Command::Demo { json, verbose } => demo::run(config, json, verbose).await?,
        Command::Doctor => return Ok(doctor::run(config).await),
        Command::Bench {
            command: BenchCommand::Queue { jobs },
        } => bench::queue(config, jobs).await?,
        Command::Bench {
            command:
                BenchCommand::Pickup {
                    samples,
                    cross_process,
                    via_outbox,
                },
        } => bench::pickup(config, samples.max(2), cross_process, via_outbox).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn schedules(config: Config, command: SchedulesCommand) -> anyhow::Result<ExitCode> {
    use jobs::retention::admin;
    let db = db::connect_migrated(&config).await?;
    let result = match command {
        SchedulesCommand::Add {
            account,
            cron,
            tz,
            kinds,
            older_than_days,
            action,
        } => {
            let new = admin::NewSchedule {
                account_id: account,
                cron,
                timezone: tz,
                kinds,
                older_than_days,
                action,
            };
            admin::add(&db, &new).await.map(|id| format!("{id}\n"))
        }
        SchedulesCommand::List { account } => admin::list(&db, account).await,
        SchedulesCommand::Show { id } => admin::show(&db, id).await,
        SchedulesCommand::Disable { id } => admin::disable(&db, id)
            .await
            .map(|()| format!("schedule {id} disabled\n")),
        SchedulesCommand::Enable { id } => admin::enable(&db, id)
            .await
            .map(|()| format!("schedule {id} enabled\n")),
        SchedulesCommand::Next { id, count, from } => {
            admin::next_fires(&db, id, count, from.as_deref())
                .await
                .map(|fires| fires.into_iter().map(|f| f + "\n").collect())
        }
    };
    match result {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => Ok(admin_error(error)),
    }
}

fn admin_error(error: jobs::retention::admin::AdminError) -> ExitCode {
    use jobs::retention::admin::AdminError;
    eprintln!("muffle: {error}");
    match error {
        AdminError::Db(_) => ExitCode::FAILURE,
        _ => ExitCode::from(USAGE_ERROR),
    }
}

async fn enqueue(config: Config, job: &str, json: &str) -> anyhow::Result<ExitCode> {
    let Some(spec) = jobs::registry::find(job) else {
        eprintln!(
            "muffle: unknown job `{job}`; known jobs: {}",
            jobs::registry::names().join(", ")
        );
        return Ok(ExitCode::from(USAGE_ERROR));
    };
    let payload: serde_json::Value = match serde_json::from_str(json) {
        Ok(payload) => payload,
        Err(error) => {
            // Position only: the text itself may hold anything.
            eprintln!(
                "muffle: --json is not valid JSON (line {}, column {})",
                error.line(),
                error.column()
            );
            return Ok(ExitCode::from(USAGE_ERROR));
        }
    };
    if let Err(reason) = (spec.validate)(&payload) {
        eprintln!("muffle: {reason}");
        return Ok(ExitCode::from(USAGE_ERROR));
    }
    let queues = queue::Queues::connect(&config).await?;
    let task_id = queues.push(spec.name, payload, 1, Duration::ZERO).await?;
    println!("{task_id}");
    Ok(ExitCode::SUCCESS)
}

/// `GET /metrics` on `METRICS_PORT` for `muffle run` and `muffle clock`, when set.
async fn serve_metrics(config: &Config) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    match config.metrics_port {
        Some(port) => Ok(Some(metrics::serve_on(port).await?)),
        None => Ok(None),
    }
}

fn init_tracing(config: &Config, command: &Command) -> anyhow::Result<()> {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,sqlx=warn,sea_orm=warn,apalis=warn,apalis_core=warn")
    });
    // The demo tells a story on the terminal: its log lines go to a file unless asked for.
    if let Command::Demo { verbose: false, .. } = command {
        let file = demo::open_log(config)?;
        let builder = fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file));
        match config.log_format {
            LogFormat::Json => builder.json().init(),
            LogFormat::Text => builder.init(),
        }
        return Ok(());
    }
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
    }
    Ok(())
}
