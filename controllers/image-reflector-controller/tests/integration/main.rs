//! image-reflector-controller end to end: the controller in-process against
//! devcluster, scanning Debian's docker-registry (anonymous, basic auth, TLS).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

mod common;

mod binary;
mod credentials;
mod policy;
mod repository;
