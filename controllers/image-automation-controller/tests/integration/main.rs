//! image-automation-controller end to end: the controller in-process against
//! devcluster, pushing to a real `git http-backend`; results are checked
//! with the git CLI on the bare repository.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

mod automation;
mod binary;
mod common;
mod config;
