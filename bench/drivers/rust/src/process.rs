//! Times a whole program, start to exit, for the benchmark's "CLI (process)" column.
//!
//! ```text
//! gpp-bench-process PROGRAM [ARGS…] -- --warmup W --runs R [--batch K] FILE
//! ```
//!
//! Runs `PROGRAM ARGS… FILE` with standard output to /dev/null, W times untimed
//! then R times timed, and prints the driver result line (bench/README.md): the
//! median wall time per run and the largest peak resident memory of the program
//! (`wait4`'s `ru_maxrss`). `--batch` is accepted and ignored: one run, one
//! process. This launcher is tiny, so the memory it shares with the program
//! before `exec` does not hide the program's own peak.

use std::process::{Command, Stdio};
use std::time::Instant;

/// The command line, split at `--`.
struct Options {
    program: Vec<String>,
    warmup: u32,
    runs: u32,
    file: String,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").ok_or("missing `--`")?;
    let (program, rest) = (args[..split].to_vec(), &args[split + 1..]);
    if program.is_empty() {
        return Err("no program before `--`".into());
    }
    let (mut warmup, mut runs, mut file) = (1, 1, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut number = || -> Result<u32, String> {
            rest.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{arg} needs a number"))
        };
        match arg.as_str() {
            "--warmup" => warmup = number()?,
            "--runs" => runs = number()?.max(1),
            "--batch" => {
                number()?;
            }
            _ => file = Some(arg.clone()),
        }
    }
    let file = file.ok_or("no FILE")?;
    Ok(Options {
        program,
        warmup,
        runs,
        file,
    })
}

/// Runs the program once: (nanoseconds, peak resident memory in KiB).
fn run_once(options: &Options) -> Result<(u128, i64), String> {
    let started = Instant::now();
    let child = Command::new(&options.program[0])
        .args(&options.program[1..])
        .arg(&options.file)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", options.program[0]))?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our child's.
    let (waited, usage) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let waited = libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        (waited, usage)
    };
    let elapsed = started.elapsed().as_nanos();
    if waited < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!(
            "{} failed (wait status {status})",
            options.program[0]
        ));
    }
    Ok((elapsed, usage.ru_maxrss))
}

fn measure(options: &Options) -> Result<String, String> {
    let bytes = std::fs::metadata(&options.file)
        .map_err(|e| format!("{}: {e}", options.file))?
        .len();
    let mut peak = 0;
    for _ in 0..options.warmup {
        peak = peak.max(run_once(options)?.1);
    }
    let mut samples = Vec::new();
    for _ in 0..options.runs {
        let (elapsed, rss) = run_once(options)?;
        samples.push(elapsed);
        peak = peak.max(rss);
    }
    samples.sort_unstable();
    Ok(format!(
        "{{\"impl\":\"process\",\"bytes\":{bytes},\"median_ns\":{},\"runs\":{},\"batch\":1,\"base_rss_kb\":null,\"peak_rss_kb\":{peak}}}",
        samples[samples.len() / 2],
        options.runs
    ))
}

fn main() {
    match options().and_then(|options| measure(&options)) {
        Ok(line) => println!("{line}"),
        Err(message) => {
            eprintln!("gpp-bench-process: {message}");
            std::process::exit(2);
        }
    }
}
