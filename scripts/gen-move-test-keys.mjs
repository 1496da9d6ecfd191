#!/usr/bin/env node
// Generates move/walrus/tests/test_keys.move: real ed25519 key pairs, proofs of possession and
// storage-confirmation signatures for the walrus Move unit tests.
//
//   node scripts/gen-move-test-keys.mjs            # rewrites move/walrus/tests/test_keys.move
//   node scripts/gen-move-test-keys.mjs --stdout   # prints the module instead
//
// Node 20+, built-in `node:crypto` only (no npm dependencies). Deterministic: every key is derived
// from a fixed 32-byte seed (sha256 of a label), ed25519 signatures are deterministic (RFC 8032),
// so re-running the script reproduces the same file byte for byte.
//
// Message formats (binding, /tmp/shared_spec.md and docs/contracts.md):
//   proof of possession  = [3, 0, 3] ++ sender address (32 bytes) ++ public key (32 bytes)
//   storage confirmation = [1, 0, 3] ++ epoch u32 LE (4 bytes) ++ blob_id u256 LE (32 bytes)
//   blob_id = u256 LE of blake2b256([encoding_type] ++ unencoded_size u64 LE ++ root_hash u256 LE)
// blake2b-256 (BLAKE2b with a 32-byte digest) is not exposed by node:crypto (it only has
// blake2b512, a different parameter block), so it is implemented below and self-checked against
// node:crypto's blake2b512 and the RFC 7693 test vector before anything is printed.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "move/walrus/tests/test_keys.move");

// ---------------------------------------------------------------------------------------------
// BLAKE2b (RFC 7693), any digest length 1..64, no key.
const MASK = (1n << 64n) - 1n;
const IV = [
  0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n,
];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & MASK;

function compress(h, block, t, last) {
  const m = [];
  for (let i = 0; i < 16; i++) m.push(block.readBigUInt64LE(i * 8));
  const v = [...h, ...IV];
  v[12] ^= t & MASK;
  v[13] ^= t >> 64n;
  if (last) v[14] ^= MASK;
  const g = (a, b, c, d, x, y) => {
    v[a] = (v[a] + v[b] + x) & MASK;
    v[d] = rotr(v[d] ^ v[a], 32n);
    v[c] = (v[c] + v[d]) & MASK;
    v[b] = rotr(v[b] ^ v[c], 24n);
    v[a] = (v[a] + v[b] + y) & MASK;
    v[d] = rotr(v[d] ^ v[a], 16n);
    v[c] = (v[c] + v[d]) & MASK;
    v[b] = rotr(v[b] ^ v[c], 63n);
  };
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10];
    g(0, 4, 8, 12, m[s[0]], m[s[1]]);
    g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]);
    g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]);
    g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]);
    g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

export function blake2b(input, outlen = 32) {
  const h = [...IV];
  h[0] ^= 0x01010000n ^ BigInt(outlen);
  const blocks = Math.max(1, Math.ceil(input.length / 128));
  for (let i = 0; i < blocks; i++) {
    const block = Buffer.alloc(128);
    input.copy(block, 0, i * 128, Math.min(input.length, (i + 1) * 128));
    const last = i === blocks - 1;
    const t = last ? BigInt(input.length) : BigInt((i + 1) * 128);
    compress(h, block, t, last);
  }
  const out = Buffer.alloc(64);
  h.forEach((w, i) => out.writeBigUInt64LE(w, i * 8));
  return out.subarray(0, outlen);
}

function selfCheck() {
  for (const msg of ["", "abc", "x".repeat(127), "y".repeat(128), "z".repeat(300)]) {
    const ours = blake2b(Buffer.from(msg), 64).toString("hex");
    const theirs = crypto.createHash("blake2b512").update(msg).digest("hex");
    if (ours !== theirs) throw new Error(`blake2b self-check failed for input of length ${msg.length}`);
  }
  // RFC 7693 Appendix A: BLAKE2b-512("abc") starts with ba80a53f981c4d0d.
  if (!blake2b(Buffer.from("abc"), 64).toString("hex").startsWith("ba80a53f981c4d0d")) {
    throw new Error("blake2b RFC 7693 vector failed");
  }
}

// ---------------------------------------------------------------------------------------------
// ed25519 from a 32-byte seed with node:crypto.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function keyPair(seed) {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = crypto.createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = spki.subarray(spki.length - 32);
  return {
    publicKey,
    sign: (msg) => {
      const sig = crypto.sign(null, msg, privateKey);
      if (!crypto.verify(null, msg, crypto.createPublicKey(privateKey), sig)) throw new Error("sig");
      return sig;
    },
  };
}

const u32le = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64le = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const u256le = (n) => {
  const b = Buffer.alloc(32);
  let x = BigInt(n);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
};
const leToBig = (buf) => {
  let x = 0n;
  for (let i = buf.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(buf[i]);
  return x;
};
const addressBytes = (n) => Buffer.from(BigInt(n).toString(16).padStart(64, "0"), "hex");

const blobId = (encodingType, size, rootHash) =>
  leToBig(blake2b(Buffer.concat([Buffer.from([encodingType]), u64le(size), u256le(rootHash)]), 32));

const popMessage = (addr, pk) => Buffer.concat([Buffer.from([3, 0, 3]), addressBytes(addr), pk]);
const confirmationMessage = (epoch, id) => Buffer.concat([Buffer.from([1, 0, 3]), u32le(epoch), u256le(id)]);

// ---------------------------------------------------------------------------------------------
// Fixtures. Keys 0..4 are the test storage nodes; key 5 is an outsider (never in a committee).
const N_KEYS = 6;
const OPERATOR_BASE = 0xa0n; // operator (sender) address of key i is 0xa0 + i
const EPOCHS = [1, 2, 3];
const BLOBS = [
  { name: "A", size: 1_000n, root: 0xaaaa_0001n },
  { name: "B", size: 500_000n, root: 0xbbbb_0002n },
];

function generate() {
  selfCheck();
  const keys = [];
  for (let i = 0; i < N_KEYS; i++) {
    const seed = crypto.createHash("sha256").update(`walrus move test key ${i}`).digest();
    keys.push({ seed, ...keyPair(seed), operator: OPERATOR_BASE + BigInt(i) });
  }
  const blobs = BLOBS.map((b) => ({ ...b, id: blobId(1, b.size, b.root) }));
  const hex = (b) => `x"${Buffer.from(b).toString("hex")}"`;
  const u256 = (n) => `0x${n.toString(16)}`;
  const L = [];
  L.push("// GENERATED by scripts/gen-move-test-keys.mjs -- do not edit by hand.");
  L.push("// Regenerate with: node scripts/gen-move-test-keys.mjs");
  L.push("//");
  L.push("// Real ed25519 key pairs derived from fixed seeds (seed i = sha256(\"walrus move test key i\")),");
  L.push("// proofs of possession ([3,0,3] ++ operator address ++ public key) and storage confirmations");
  L.push("// ([1,0,3] ++ epoch u32 LE ++ blob_id u256 LE), signed with node:crypto.");
  L.push("#[test_only]");
  L.push("module walrus::test_keys;");
  L.push("");
  L.push("/// Number of key pairs (0..4 are storage nodes in the tests, 5 is an outsider).");
  L.push(`public fun count(): u64 { ${N_KEYS} }`);
  L.push("");
  L.push("/// Operator (sender) address that key `i`'s proof of possession binds.");
  L.push("public fun operator(i: u64): address {");
  L.push("    let all = vector[" + keys.map((k) => `@0x${k.operator.toString(16)}`).join(", ") + "];");
  L.push("    all[i]");
  L.push("}");
  L.push("");
  L.push("/// ed25519 public key `i` (32 bytes).");
  L.push("public fun public_key(i: u64): vector<u8> {");
  L.push("    let all = vector[");
  for (const k of keys) L.push(`        ${hex(k.publicKey)},`);
  L.push("    ];");
  L.push("    all[i]");
  L.push("}");
  L.push("");
  L.push("/// Proof of possession of key `i` for sender `operator(i)`.");
  L.push("public fun proof_of_possession(i: u64): vector<u8> {");
  L.push("    let all = vector[");
  for (const k of keys) L.push(`        ${hex(k.sign(popMessage(k.operator, k.publicKey)))},`);
  L.push("    ];");
  L.push("    all[i]");
  L.push("}");
  L.push("");
  for (const [bi, b] of blobs.entries()) {
    L.push(`/// Test blob ${b.name}: unencoded size.`);
    L.push(`public fun blob_${b.name.toLowerCase()}_size(): u64 { ${b.size} }`);
    L.push(`/// Test blob ${b.name}: root hash (u256).`);
    L.push(`public fun blob_${b.name.toLowerCase()}_root(): u256 { ${u256(b.root)} }`);
    L.push(`/// Test blob ${b.name}: blob ID (RS2, encoding type 1), computed off chain.`);
    L.push(`public fun blob_${b.name.toLowerCase()}_id(): u256 { ${u256(b.id)} }`);
    L.push(`/// Index of test blob ${b.name} in \`confirmation\`.`);
    L.push(`public fun blob_${b.name.toLowerCase()}(): u64 { ${bi} }`);
    L.push("");
  }
  L.push(`/// First and last epoch with signatures (${EPOCHS[0]}..=${EPOCHS[EPOCHS.length - 1]}).`);
  L.push(`public fun first_signed_epoch(): u32 { ${EPOCHS[0]} }`);
  L.push(`public fun last_signed_epoch(): u32 { ${EPOCHS[EPOCHS.length - 1]} }`);
  L.push("");
  L.push("/// Storage confirmation by key `key` for blob index `blob` (see `blob_a`, `blob_b`) in `epoch`.");
  L.push("public fun confirmation(key: u64, epoch: u32, blob: u64): vector<u8> {");
  L.push("    let all = vector[");
  for (const k of keys) {
    for (const e of EPOCHS) {
      for (const b of blobs) {
        L.push(`        ${hex(k.sign(confirmationMessage(e, b.id)))},`);
      }
    }
  }
  L.push("    ];");
  L.push(`    let e = ((epoch - ${EPOCHS[0]}) as u64);`);
  L.push(`    all[(key * ${EPOCHS.length} + e) * ${blobs.length} + blob]`);
  L.push("}");
  return L.join("\n") + "\n";
}

const text = generate();
if (process.argv.includes("--stdout")) {
  process.stdout.write(text);
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}
