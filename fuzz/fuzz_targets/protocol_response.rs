//! Response parsing of awsJson1_0, awsJson1_1, awsQuery and ec2Query, as
//! generated clients call the runtime for it: the input is a small HTTP
//! response in text whose first line names the protocol and the status
//! (see `smithy_fuzz::responses`); the output, the error metadata and the
//! modeled error are read from it. Nothing may panic, and the checks of
//! `responses::run` hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    smithy_fuzz::responses::run(data);
});
