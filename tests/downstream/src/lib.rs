//! An EC2 Image Builder client generated at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/imagebuilder.rs"));
