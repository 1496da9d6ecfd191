// Runs one compile or test job in its own process, so that the parent can enforce a timeout:
// the WASM test runner has no gas limit and an infinite loop would otherwise block forever.
//
// Job (from the parent over IPC): { mode: "test" | "build", dir, frameworkDir }.
// Result (sent back over IPC): the builder's result object, or { error, category }.

import { initMovePackageBuilder, testMovePackage, dumpMovePackage } from "@zktx.io/sui-move-builder/full";
import { readPackage, offlineFetcher } from "./packages.mjs";

async function run(job) {
  const files = readPackage(job.dir);
  const fetcher = offlineFetcher(job.dir, job.frameworkDir);
  await initMovePackageBuilder();
  const common = { files, fetcher, ansiColor: false, network: "mainnet" };
  if (job.mode === "test") {
    return await testMovePackage(common);
  }
  return await dumpMovePackage({ ...common, withUnpublishedDependencies: true });
}

process.once("message", async (job) => {
  let result;
  try {
    result = await run(job);
  } catch (e) {
    result = { error: String(e && e.stack ? e.stack : e), category: "runner" };
  }
  process.send(result, () => process.exit(0));
});
