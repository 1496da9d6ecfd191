// Locates the Move framework sources (MoveStdlib and Sui) shipped inside the crates.io crate
// `moverox-sui`, which the Cargo workspace depends on. `cargo metadata` downloads the crate on a
// fresh machine and tells where it lives; the sources are under `<crate>/move/`.
//
// Prints the directory that holds `move-stdlib/` and `sui-framework/`.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CRATE = "moverox-sui";
const VERSION = "0.4.0";

/** The crate's sources in cargo's registry cache, if cargo already downloaded it. */
function fromRegistryCache() {
  const cargoHome = process.env.CARGO_HOME || path.join(process.env.HOME || "/root", ".cargo");
  const src = path.join(cargoHome, "registry", "src");
  if (!fs.existsSync(src)) return undefined;
  for (const index of fs.readdirSync(src).sort()) {
    const dir = path.join(src, index, `${CRATE}-${VERSION}`, "move");
    if (fs.existsSync(path.join(dir, "sui-framework", "Move.toml"))) return dir;
  }
  return undefined;
}

export function locateFramework(root) {
  try {
    return fromCargoMetadata(root);
  } catch (e) {
    // A workspace that cargo cannot load right now (a crate half-written by someone else, say)
    // must not block Move work: fall back to the registry cache when the crate is already there.
    const cached = fromRegistryCache();
    if (cached) {
      process.stderr.write(`scripts/move: warning: ${e.message}\nscripts/move: using ${cached} from cargo's cache\n`);
      return cached;
    }
    throw e;
  }
}

function fromCargoMetadata(root) {
  let raw;
  try {
    raw = execFileSync("cargo", ["metadata", "--format-version", "1", "--locked"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    throw new Error(
      `cargo metadata failed (${String(e.stderr || e.message).trim().split("\n").slice(0, 3).join(" | ")}); ` +
        `the Move framework sources come from the crate ` +
        `${CRATE}, so cargo must be able to fetch it (crates.io) or find it in its cache`,
    );
  }
  const meta = JSON.parse(raw);
  const pkg = meta.packages.find((p) => p.name === CRATE && p.version === VERSION);
  if (!pkg) {
    throw new Error(
      `${CRATE} ${VERSION} is not in the Cargo dependency graph; ` +
        `it must stay a dependency of the workspace (see tests/Cargo.toml)`,
    );
  }
  const dir = path.join(path.dirname(pkg.manifest_path), "move");
  for (const sub of ["move-stdlib", "sui-framework"]) {
    if (!fs.existsSync(path.join(dir, sub, "Move.toml"))) {
      throw new Error(`${dir}/${sub}/Move.toml is missing: the ${CRATE} crate looks incomplete`);
    }
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  try {
    process.stdout.write(locateFramework(root) + "\n");
  } catch (e) {
    process.stderr.write(`scripts/move: ${e.message}\n`);
    process.exit(2);
  }
}
