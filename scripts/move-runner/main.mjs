// Offline Move build-and-test runner (entry point behind `scripts/move`).
//
// See `scripts/move --help`. Each package is compiled (and tested) in a child process with a
// timeout; results are printed one line per test, failure diagnostics follow, and the run ends
// with a closing line `N passed, N failed`. The exit code is non-zero on any failing test, any
// compile error and any timeout.

import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPackages, packageName } from "./packages.mjs";
import { locateFramework } from "./framework.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const DEFAULT_TIMEOUT_SECS = 300;

const HELP = `scripts/move: build and unit-test Move packages offline

USAGE
  scripts/move test  [--timeout SECS] [PACKAGE_DIR...]
  scripts/move build PACKAGE_DIR --out FILE.json [--timeout SECS]
  scripts/move framework

COMMANDS
  test       Compile each package in test mode and run its unit tests. Prints one line per test
             (PASS/FAIL), the diagnostics of every failure, a summary per package and a closing
             line "N passed, N failed". Default packages: every directory under move/ with a
             Move.toml. Exits 1 if any test fails, a package does not compile, or a package
             exceeds the timeout.
  build      Compile PACKAGE_DIR and write JSON with the compiled modules (base64), the
             dependency package IDs, the package digest (hex and bytes) and compiler warnings,
             for publishing and for the Rust side's layout checks. Local dependencies are
             compiled as unpublished (address 0x0).
  framework  Print the directory of the Move framework sources in use.

OPTIONS
  --timeout SECS  Per-package limit for compiling and running tests (default ${DEFAULT_TIMEOUT_SECS},
                  or $WALRUS_MOVE_TIMEOUT). The WASM runner has no gas limit: an infinite loop in
                  a test is caught by this timeout.
  --out FILE      Where 'build' writes its JSON.

ENVIRONMENT
  WALRUS_MOVE_FRAMEWORK_DIR  Directory holding move-stdlib/ and sui-framework/ (default: located
                             with 'cargo metadata' in the moverox-sui crate).

EXAMPLES
  scripts/move test
  scripts/move test move/wal
  scripts/move build move/wal --out /tmp/wal.json
`;

function fail(msg, code = 2) {
  process.stderr.write(`scripts/move: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { cmd: argv[0], dirs: [], out: undefined, timeout: undefined };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--timeout") {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) fail(`--timeout needs a positive number of seconds, got '${argv[i]}'`);
      opts.timeout = v;
    } else if (a === "--out") {
      opts.out = argv[++i];
      if (!opts.out) fail("--out needs a file path");
    } else if (a === "-h" || a === "--help") {
      opts.cmd = "help";
    } else if (a.startsWith("-")) {
      fail(`unknown option '${a}' (see scripts/move --help)`);
    } else {
      opts.dirs.push(a);
    }
  }
  if (opts.timeout === undefined) {
    const env = Number(process.env.WALRUS_MOVE_TIMEOUT);
    opts.timeout = Number.isFinite(env) && env > 0 ? env : DEFAULT_TIMEOUT_SECS;
  }
  return opts;
}

/** Runs one job in a worker process; resolves to { result } or { timedOut } or { crashed }. */
function runJob(job, timeoutSecs) {
  return new Promise((resolve) => {
    const child = fork(path.join(HERE, "worker.mjs"), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const done = (v) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(v);
      }
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done({ timedOut: true });
    }, timeoutSecs * 1000);
    child.on("message", (result) => done({ result }));
    child.on("exit", (code, signal) => done({ crashed: `worker exited with ${signal || code} before reporting` }));
    child.on("error", (e) => done({ crashed: String(e) }));
    child.send(job);
  });
}

function frameworkDir() {
  if (process.env.WALRUS_MOVE_FRAMEWORK_DIR) return process.env.WALRUS_MOVE_FRAMEWORK_DIR;
  try {
    return locateFramework(ROOT);
  } catch (e) {
    fail(e.message);
  }
}

function checkPackageDir(dir) {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, "Move.toml"))) fail(`${dir} is not a Move package (no Move.toml there)`);
  return abs;
}

const TEST_LINE = /^\[\s*(PASS|FAIL|TIMEOUT)\s*\]\s+(\S+)/;
const RESULT_LINE = /^Test result: (OK|FAILED)\. Total tests: (\d+); passed: (\d+); failed: (\d+)/m;

/** Parses the Move unit-test runner's stdout. */
export function parseTestOutput(output) {
  const tests = [];
  for (const line of output.split("\n")) {
    const m = line.match(TEST_LINE);
    if (m) tests.push({ status: m[1] === "PASS" ? "PASS" : "FAIL", name: m[2] });
  }
  const r = output.match(RESULT_LINE);
  const summary = r ? { ok: r[1] === "OK", total: +r[2], passed: +r[3], failed: +r[4] } : undefined;
  const idx = output.indexOf("Test failures:");
  const diagnostics = idx >= 0 ? output.slice(idx, r ? output.indexOf(r[0]) : undefined).trimEnd() : "";
  return { tests, summary, diagnostics };
}

async function cmdTest(opts) {
  const dirs = opts.dirs.length ? opts.dirs : defaultPackages(ROOT);
  if (!dirs.length) fail("no Move packages found (looked for move/*/Move.toml)");
  const fw = frameworkDir();
  let passed = 0;
  let failed = 0;
  const broken = [];
  for (const dir of dirs) {
    const abs = checkPackageDir(dir);
    const name = packageName(fs.readFileSync(path.join(abs, "Move.toml"), "utf8")) ?? dir;
    console.log(`== ${dir} (package ${name}) ==`);
    const started = Date.now();
    const { result, timedOut, crashed } = await runJob({ mode: "test", dir: abs, frameworkDir: fw }, opts.timeout);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (timedOut) {
      console.log(`TIMEOUT ${dir}: compiling and testing took longer than ${opts.timeout} s and was stopped.`);
      console.log(`  A test probably loops forever (the runner has no gas limit). Raise --timeout if the suite is just slow.`);
      broken.push(`${dir}: timed out after ${opts.timeout} s`);
      continue;
    }
    if (crashed) {
      console.log(`ERROR ${dir}: ${crashed}`);
      broken.push(`${dir}: runner crashed`);
      continue;
    }
    if ("error" in result) {
      console.log(`COMPILE ERROR ${dir} (stage: ${result.category}${result.code ? `, code ${result.code}` : ""}):`);
      console.log(String(result.error).trimEnd());
      broken.push(`${dir}: did not compile`);
      continue;
    }
    const output = result.output ?? "";
    const parsed = parseTestOutput(output);
    for (const t of parsed.tests) console.log(`${t.status} ${t.name}`);
    if (!parsed.summary) {
      if (/^error(\[\w+\])?:/m.test(output)) {
        console.log(`COMPILE ERROR ${dir}: the package (or its tests) did not compile:`);
        console.log(output.trimEnd());
        broken.push(`${dir}: did not compile`);
      } else {
        console.log(`ERROR ${dir}: the test runner printed no 'Test result:' line; raw output follows.`);
        console.log(output.trimEnd());
        broken.push(`${dir}: no test result`);
      }
      continue;
    }
    const p = parsed.tests.filter((t) => t.status === "PASS").length;
    const f = parsed.tests.length - p;
    if (p !== parsed.summary.passed || f !== parsed.summary.failed || result.passed !== (f === 0)) {
      console.log(`ERROR ${dir}: test lines (${p} passed, ${f} failed) disagree with the runner's summary; raw output follows.`);
      console.log(output.trimEnd());
      broken.push(`${dir}: inconsistent test output`);
    }
    if (parsed.diagnostics) {
      console.log(`-- failures in ${dir} --`);
      console.log(parsed.diagnostics);
    }
    passed += p;
    failed += f;
    console.log(`-- ${dir}: ${p} passed, ${f} failed (${secs} s)`);
    if (parsed.tests.length === 0) console.log(`WARNING ${dir} has no tests`);
  }
  for (const b of broken) console.log(`BROKEN ${b}`);
  console.log(`${passed} passed, ${failed + broken.length} failed`);
  process.exit(failed || broken.length ? 1 : 0);
}

async function cmdBuild(opts) {
  if (opts.dirs.length !== 1) fail("build needs exactly one PACKAGE_DIR (see scripts/move --help)");
  if (!opts.out) fail("build needs --out FILE.json");
  const dir = opts.dirs[0];
  const abs = checkPackageDir(dir);
  const fw = frameworkDir();
  const { result, timedOut, crashed } = await runJob({ mode: "build", dir: abs, frameworkDir: fw }, opts.timeout);
  if (timedOut) fail(`compiling ${dir} took longer than ${opts.timeout} s and was stopped`, 1);
  if (crashed) fail(`compiling ${dir}: ${crashed}`, 1);
  if ("error" in result) {
    process.stderr.write(`COMPILE ERROR ${dir} (stage: ${result.category}):\n${String(result.error).trimEnd()}\n`);
    process.exit(1);
  }
  const manifest = fs.readFileSync(path.join(abs, "Move.toml"), "utf8");
  const digestBytes = Array.from(result.digest);
  const json = {
    package: packageName(manifest),
    path: path.relative(ROOT, abs) || ".",
    modules: result.modules,
    dependencies: result.dependencies,
    digest: Buffer.from(digestBytes).toString("hex"),
    digestBytes,
    warnings: result.warnings ?? "",
  };
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(json, null, 2) + "\n");
  console.log(`${json.package}: ${json.modules.length} modules, digest ${json.digest} -> ${opts.out}`);
}

const opts = parseArgs(process.argv.slice(2));
switch (opts.cmd) {
  case "test":
    await cmdTest(opts);
    break;
  case "build":
    await cmdBuild(opts);
    break;
  case "framework":
    console.log(frameworkDir());
    break;
  case "help":
  case undefined:
    process.stdout.write(HELP);
    break;
  default:
    process.stdout.write(HELP);
    fail(`unknown command '${opts.cmd}'`);
}
