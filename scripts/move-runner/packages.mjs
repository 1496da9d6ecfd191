// Package snapshots and the offline fetcher for @zktx.io/sui-move-builder.
//
// The builder never reads the host file system: it asks a "fetcher" for package snapshots
// (path -> content maps). This module provides one that
//   * serves the Sui framework and MoveStdlib (the builder asks for them as git dependencies on
//     the Sui repository) from the local moverox-sui crate sources, and
//   * serves `local = "..."` dependencies from disk, relative to the package that declares them.
// Any other git dependency fails with a clear error: this runner works offline.

import fs from "node:fs";
import path from "node:path";

/** Files of a Move package that the compiler needs (no build output, no VCS data). */
export function readPackage(dir) {
  const files = {};
  const manifest = path.join(dir, "Move.toml");
  if (!fs.existsSync(manifest)) {
    throw new Error(`${dir} is not a Move package: it has no Move.toml`);
  }
  files["Move.toml"] = fs.readFileSync(manifest, "utf8");
  for (const sub of ["sources", "tests", "examples"]) {
    const base = path.join(dir, sub);
    if (fs.existsSync(base)) walk(base, sub, files);
  }
  return files;
}

function walk(abs, rel, out) {
  for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(abs, e.name);
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(p, r, out);
    else if (e.name.endsWith(".move")) out[r] = fs.readFileSync(p, "utf8");
  }
}

/** Reads `[package] name = "..."` from a Move.toml text. */
export function packageName(manifest) {
  const section = manifest.split(/^\[/m).find((s) => s.startsWith("package]"));
  const m = section && section.match(/^\s*name\s*=\s*"([^"]+)"/m);
  return m ? m[1] : undefined;
}

/** The framework package directories served for the builder's implicit or explicit git deps. */
const FRAMEWORK_SUBDIRS = {
  "move-stdlib": "move-stdlib",
  "sui-framework": "sui-framework",
};

/**
 * An offline fetcher. `rootDir` is the package being built; `frameworkDir` holds
 * `move-stdlib/` and `sui-framework/`.
 */
export function offlineFetcher(rootDir, frameworkDir) {
  const dirsByName = new Map();
  const rootName = packageName(fs.readFileSync(path.join(rootDir, "Move.toml"), "utf8"));
  if (rootName) dirsByName.set(rootName, rootDir);

  const frameworkPackage = (subdir) => {
    const last = (subdir || "").replace(/\/+$/, "").split("/").pop();
    const local = FRAMEWORK_SUBDIRS[last];
    return local ? path.join(frameworkDir, local) : undefined;
  };

  return {
    async fetch(gitUrl, rev, subdir) {
      const dir = frameworkPackage(subdir);
      if (!dir) {
        throw new Error(
          `git dependency ${gitUrl} (rev ${rev}, subdir ${subdir || "."}) is not available offline; ` +
            `only MoveStdlib and Sui are served (from moverox-sui). Use a local dependency instead.`,
        );
      }
      return readPackage(dir);
    },
    async fetchFile(gitUrl, rev, filePath) {
      for (const [marker, local] of Object.entries(FRAMEWORK_SUBDIRS)) {
        const idx = filePath.indexOf(`${marker}/`);
        if (idx >= 0) {
          const p = path.join(frameworkDir, local, filePath.slice(idx + marker.length + 1));
          return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : null;
        }
      }
      return null;
    },
    getResolvedSha(_gitUrl, rev) {
      return rev;
    },
    async fetchLocal(localPath, context) {
      const parentDir = dirsByName.get(context.parentPackageName) ?? rootDir;
      const dir = path.resolve(parentDir, localPath);
      const files = readPackage(dir);
      const name = packageName(files["Move.toml"]);
      if (name) dirsByName.set(name, dir);
      return files;
    },
  };
}

/** Every Move package directly under `move/` (a directory with a Move.toml). */
export function defaultPackages(root) {
  const base = path.join(root, "move");
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(base, e.name, "Move.toml")))
    .map((e) => path.join("move", e.name))
    .sort();
}
