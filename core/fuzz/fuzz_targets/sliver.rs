//! Sliver and recovery-symbol decoding on arbitrary bytes: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use walrus_core::{
    EncodingConfig, NShards, Primary, RecoverySymbol, Secondary, Sliver, WireFormat,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(sliver) = Sliver::<Primary>::from_bytes(data) {
        assert_eq!(sliver.to_bytes(), data);
        let config = EncodingConfig::new(NShards::new(4).unwrap());
        let _ = sliver.check_parity(&config);
    }
    let _ = Sliver::<Secondary>::from_bytes(data);
    let _ = RecoverySymbol::<Primary>::from_bytes(data);
    let _ = RecoverySymbol::<Secondary>::from_bytes(data);
});
