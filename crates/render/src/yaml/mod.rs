//! YAML reading and writing with kustomize's exact conventions.

mod emit;
mod parse;
mod scalar;

pub(crate) use emit::{format_number, to_document};
pub(crate) use parse::{parse_documents, parse_documents_as};

/// The value a plain scalar `text` reads as (go-yaml v3 rules), if it is a
/// valid scalar.
pub(crate) fn parse_scalar_like(text: &str) -> Option<serde_json::Value> {
    scalar::to_json(text, scalar::resolve_v3(text)).ok()
}
