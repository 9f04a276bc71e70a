//! source-controller end to end: the controller in-process (and once as the
//! real binary) against devcluster, with real Git servers over HTTP and SSH.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

mod common;

mod auth;
mod binary;
mod config;
mod content;
mod gpg;
mod lifecycle;
mod refs;
mod transport;
mod verify;
