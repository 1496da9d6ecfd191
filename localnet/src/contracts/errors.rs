//! Every error constant of the `wal` and `walrus` packages, as `(module, name, code)`.
//!
//! Aborts carry the module and the error code exactly as the Move code raises them; the abort
//! code on the wire is the clever-error encoding with line 0 (clients match on module + code).
//! A test checks this table against the catalog that `walrus-chain` generates from the Move
//! sources, in both directions.

/// A Move abort raised by a re-implemented module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Abort {
    /// Package: `"wal"` or `"walrus"` (or `"sui"` for framework aborts).
    pub package: &'static str,
    /// Module, e.g. `"system"`.
    pub module: &'static str,
    /// The error constant, e.g. `"EInvalidSize"`.
    pub name: &'static str,
    /// The `#[error(code = N)]` value.
    pub code: u16,
}

impl Abort {
    /// The abort code as the Move VM reports it for a clever error (tag bit, error code, line
    /// 0, no identifier/constant index): what `walrus_chain::abort::error_code_of` decodes.
    pub fn abort_code(&self) -> u64 {
        walrus_chain::abort::CleverAbortCode {
            error_code: self.code,
            line_number: 0,
            identifier_index: None,
            constant_index: None,
        }
        .encode()
    }

    /// `module::Name`.
    pub fn qualified(&self) -> String {
        format!("{}::{}", self.module, self.name)
    }
}

impl std::fmt::Display for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}::{}::{} (code {})",
            self.package, self.module, self.name, self.code
        )
    }
}

macro_rules! errors {
    ( $( $pkg:literal $module:ident { $( $name:ident = $code:literal ),* $(,)? } )* ) => {
        $(
            #[allow(non_upper_case_globals, missing_docs)]
            pub mod $module {
                use super::Abort;
                $( pub const $name: Abort = Abort {
                    package: $pkg,
                    module: stringify!($module),
                    name: stringify!($name),
                    code: $code,
                }; )*
            }
        )*

        /// Every error constant of the two packages.
        pub const ALL: &[Abort] = &[ $( $( $module::$name, )* )* ];
    };
}

errors! {
    "wal" wal { EZeroBurn = 0 }
    "walrus" blob {
        EAlreadyCertified = 0, EBlobExpired = 1, ENotDeletable = 2, EBlobNotExpired = 3,
        EAttributeNotFound = 4,
    }
    "walrus" committee {
        EInvalidBitmap = 0, ESignatureCountMismatch = 1, ENotEnoughWeight = 2,
        EInvalidSignature = 3,
    }
    "walrus" encoding { EInvalidShardCount = 0, EBlobTooLarge = 1 }
    "walrus" params {
        EInvalidEpochDuration = 0, EInvalidMaxEpochsAhead = 1, EInvalidMaxCommitteeSize = 2,
        EInvalidCommissionDelay = 3, EInvalidPenaltyRate = 4, EInvalidFailureThreshold = 5,
        EInvalidChallengedSymbols = 6, EInvalidAuditorQuorum = 7, EInvalidMinProposalStake = 8,
        EInvalidVotingPeriod = 9, EInvalidQuorum = 10, EInvalidApprovalThreshold = 11,
        EInvalidTimelock = 12, EInvalidMaxRoundsPerEpoch = 13, EInvalidRoundDuration = 14,
        EInvalidExclusionRounds = 15, EUnknownParameter = 16,
    }
    "walrus" pricing { EInvalidVotes = 0 }
    "walrus" staked_wal {
        EInvalidSplitAmount = 0, EWithdrawing = 1, EDifferentNode = 2,
        EDifferentActivationEpoch = 3, EAlreadyVoted = 4,
    }
    "walrus" staking_pool {
        EInvalidCommission = 0, ESlashTooLarge = 1, EMissingExchangeRate = 2, EShareOverflow = 3,
    }
    "walrus" storage_accounting { EOffsetOutOfRange = 0 }
    "walrus" storage_node {
        EInvalidName = 0, EInvalidNetworkAddress = 1, EInvalidPublicKey = 2,
        EInvalidProofOfPossession = 3,
    }
    "walrus" storage_resource {
        EInvalidSplitEpoch = 0, EInvalidSplitSize = 1, EIncompatibleEpochs = 2,
        EIncompatibleSize = 3, EInvalidStorage = 4, ESizeOverflow = 5,
    }
    "walrus" system {
        EWrongVersion = 0, EAlreadyMigrated = 1, EEpochNotOver = 2, EInvalidSize = 3,
        EInvalidEpochsAhead = 4, ENotEnoughCapacity = 5, EInsufficientPayment = 6,
        EInvalidEncodingType = 7, EInvalidBlobId = 8, EStorageTooSmall = 9,
        EStorageNotStarted = 10, EStorageExpired = 11, EWrongEpoch = 12, ENodeNotFound = 13,
        EZeroStake = 14, EAlreadyWithdrawing = 15, EStakeNotActive = 16, ENotWithdrawing = 17,
        EWithdrawEpochNotReached = 18,
    }
    "walrus" audit { ENoCommittee = 0, ENoAuditors = 1 }
    "walrus" audit_round {
        EReportTooLate = 0, EDuplicateReport = 1, EReportLengthMismatch = 2,
        EInvalidEvidenceDigest = 3, ENotCommitteeMember = 4, EInvalidNodeOrder = 5,
        EInvalidCounts = 6, EDeadlineNotReached = 7, EAlreadyFinalized = 8, ETooManyRounds = 9,
    }
    "walrus" auditors {
        EAlreadyAuditor = 0, EAuditorNotFound = 1, ETooManyAuditors = 2, ENotAuditor = 3,
    }
    "walrus" governance { EInsufficientStake = 0, EStakeNotEligible = 1, ENoVotingPower = 2 }
    "walrus" penalties { ENotExcluded = 0, EExclusionNotOver = 1 }
    "walrus" proposal {
        EInvalidActionKind = 0, EInvalidDescription = 1, EInvalidChoice = 2, EVotingClosed = 3,
        EVotingNotOver = 4, EAlreadyFinalized = 5, ENotPassed = 6, EAlreadyExecuted = 7,
        ETimelockNotOver = 8,
    }
}

/// Looks an error constant up by module and name.
pub fn by_name(module: &str, name: &str) -> Option<Abort> {
    ALL.iter()
        .copied()
        .find(|a| a.module == module && a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use walrus_chain::AbortCatalog;

    #[test]
    fn table_matches_the_catalog_generated_from_the_move_sources() {
        let catalog = AbortCatalog::builtin();
        for a in ALL {
            let e = catalog
                .lookup(a.module, u64::from(a.code))
                .unwrap_or_else(|| panic!("{a} is not in the catalog"));
            assert_eq!(e.constant, a.name, "{a}");
        }
        for e in catalog.iter() {
            assert!(
                by_name(&e.module, &e.constant).is_some(),
                "catalog entry {}::{} missing from the localnet's table",
                e.module,
                e.constant
            );
        }
    }

    #[test]
    fn abort_codes_decode_to_the_error_code() {
        for a in ALL {
            assert_eq!(
                walrus_chain::abort::error_code_of(a.abort_code()),
                u64::from(a.code)
            );
        }
    }
}
