import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
MiB = 1 << 20
def reserve(size, epochs, as_, coin="c0"):
    return call("system::reserve_space", "user", u64(size), u32(epochs), obj(coin), as_=as_)
def register(st, blob="A", size=1000, enc=1, deletable=True, coin="c0", as_="b0", abort=None, blob_id=None, root=None):
    return call("system::register_blob", "user", obj(st), {"blob_id": blob_id or blob}, {"root": root or blob}, u64(size), u8(enc), b(deletable), obj(coin), as_=as_, abort=abort)
ALL = ["n0", "n1", "n2", "n3"]
def certify(blob="b0", signers=ALL, sig_nodes=None, epoch=1, cert_epoch=None, key=None, abort=None, bitmap=None):
    sigs = {"signatures": {"nodes": sig_nodes or signers, "epoch": cert_epoch if cert_epoch is not None else epoch, "blob": "A"}}
    if key is not None: sigs["signatures"]["key"] = key
    signers_arg = byts(bitmap) if bitmap is not None else {"signers": signers}
    return call("system::certify_blob", "user", obj(blob), signers_arg, sigs, u32(epoch), abort=abort)
def advance():
    return [clock(1000), call("system::advance_epoch", "user")]
setup = committee_setup() + [mint("user", 10**13, "c0")]
cases = [
    case("register_blob", [
        reserve(MiB, 3, "st0"),
        register("st0"),
        check("coin(c0).value", "blob(b0).certified", "blob(b0).end_epoch", "system.wal_paid_in", "system.invariants"),
    ], "Registering pays the write fee on the encoded size into the current epoch."),
    case("register_invalid_encoding_type", [reserve(MiB, 3, "st0"), register("st0", enc=2, abort="system::EInvalidEncodingType")]),
    case("register_invalid_blob_id", [reserve(MiB, 3, "st0"), register("st0", blob_id="B", abort="system::EInvalidBlobId")]),
    case("register_too_large", [reserve(MiB, 3, "st0"), register("st0", blob="Huge", size=2_000_000, abort="encoding::EBlobTooLarge")]),
    case("register_storage_not_started", [
        reserve(MiB, 3, "st0"),
        call("storage_resource::split_by_epoch", "user", obj("st0"), u32(2), as_="st1"),
        register("st1", abort="system::EStorageNotStarted"),
    ]),
    case("register_storage_expired", [reserve(MiB, 1, "st0")] + advance() + [register("st0", abort="system::EStorageExpired")]),
    case("register_storage_too_small", [reserve(10000, 3, "st0"), register("st0", abort="system::EStorageTooSmall")]),
    case("register_underpaid", [reserve(MiB, 3, "st0"), mint("user", 499, "c1"), register("st0", coin="c1", abort="system::EInsufficientPayment")]),
    case("certify_blob", [
        reserve(MiB, 3, "st0"), register("st0"), certify(),
        check("blob(b0).certified"),
    ], "All four members sign: 10 shards."),
    case("certify_with_a_quorum", [reserve(MiB, 3, "st0"), register("st0"), certify(signers=["n0", "n1"])],
         "n0 and n1 hold 4 + 3 = 7 = 2f + 1 shards."),
    case("certify_wrong_epoch", [reserve(MiB, 3, "st0"), register("st0"), certify(epoch=2, abort="system::EWrongEpoch")]),
    case("certify_twice", [reserve(MiB, 3, "st0"), register("st0"), certify(), certify(abort="blob::EAlreadyCertified")]),
    case("certify_expired", [reserve(MiB, 1, "st0"), register("st0")] + advance() + [certify(epoch=2, abort="blob::EBlobExpired")]),
    case("certify_invalid_bitmap", [reserve(MiB, 3, "st0"), register("st0"), certify(bitmap="1f", sig_nodes=ALL, abort="committee::EInvalidBitmap")],
         "Bit 4 names a fifth member of a four-member committee."),
    case("certify_signature_count_mismatch", [reserve(MiB, 3, "st0"), register("st0"), certify(signers=["n0", "n1", "n2"], sig_nodes=["n0", "n1"], abort="committee::ESignatureCountMismatch")]),
    case("certify_not_enough_weight", [reserve(MiB, 3, "st0"), register("st0"), certify(signers=["n2", "n3"], abort="committee::ENotEnoughWeight")]),
    case("certify_invalid_signature", [reserve(MiB, 3, "st0"), register("st0"), certify(key=99, abort="committee::EInvalidSignature")]),
    case("certify_signature_of_another_epoch", [reserve(MiB, 3, "st0"), register("st0"), certify(cert_epoch=0, abort="committee::EInvalidSignature")]),
    case("extend_blob", [
        reserve(MiB, 3, "st0"), register("st0"),
        call("system::extend_blob", "user", obj("b0"), u32(2), obj("c0")),
        check("blob(b0).end_epoch", "coin(c0).value", "system.wal_paid_in", "system.invariants"),
    ]),
    case("extend_expired_blob", [reserve(MiB, 1, "st0"), register("st0")] + advance() + [
        call("system::extend_blob", "user", obj("b0"), u32(2), obj("c0"), abort="blob::EBlobExpired")]),
    case("extend_by_zero", [reserve(MiB, 3, "st0"), register("st0"),
        call("system::extend_blob", "user", obj("b0"), u32(0), obj("c0"), abort="system::EInvalidEpochsAhead")]),
    case("extend_too_far", [reserve(MiB, 3, "st0"), register("st0"),
        call("system::extend_blob", "user", obj("b0"), u32(8), obj("c0"), abort="system::EInvalidEpochsAhead")],
        "End epoch 4 + 8 is 11 epochs after epoch 1, more than max_epochs_ahead = 10."),
    case("extend_underpaid", [reserve(MiB, 3, "st0"), register("st0"), mint("user", 1, "c1"),
        call("system::extend_blob", "user", obj("b0"), u32(1), obj("c1"), abort="system::EInsufficientPayment")]),
    case("delete_blob", [
        reserve(MiB, 3, "st0"), register("st0"), certify(),
        call("system::delete_blob", "user", obj("b0"), as_="st1"),
        check("storage(st1).size", "storage(st1).end_epoch"),
    ], "The storage comes back with its object ID."),
    case("delete_not_deletable", [reserve(MiB, 3, "st0"), register("st0", deletable=False),
        call("system::delete_blob", "user", obj("b0"), as_="st1", abort="blob::ENotDeletable")]),
    case("burn_expired_blob", [reserve(MiB, 1, "st0"), register("st0", deletable=False)] + advance() + [
        call("system::burn_blob", "user", obj("b0"))]),
    case("burn_live_blob", [reserve(MiB, 3, "st0"), register("st0"),
        call("system::burn_blob", "user", obj("b0"), abort="blob::EBlobNotExpired")]),
    case("attributes", [
        reserve(MiB, 3, "st0"), register("st0"),
        call("blob::set_attribute", "user", obj("b0"), s("content-type"), s("text/plain")),
        call("blob::set_attribute", "user", obj("b0"), s("name"), s("hello.txt")),
        call("blob::set_attribute", "user", obj("b0"), s("content-type"), s("text/markdown")),
        call("blob::remove_attribute", "user", obj("b0"), s("content-type")),
        call("system::delete_blob", "user", obj("b0"), as_="st1"),
    ], "Insert, replace, remove; deleting the blob removes its attributes."),
    case("remove_missing_attribute", [reserve(MiB, 3, "st0"), register("st0"),
        call("blob::set_attribute", "user", obj("b0"), s("a"), s("1")),
        call("blob::remove_attribute", "user", obj("b0"), s("b"), abort="blob::EAttributeNotFound")]),
]
write("blobs", "blobs: register, certify, extend, delete, burn, attributes", genesis(), setup, cases,
      blobs={"A": 1000, "B": 50000, "Huge": 2_000_000})
