//! Ballast's API types: the Flux v2 custom resources, wire-compatible.
