//! YAML reading and writing with kustomize's exact conventions.

mod emit;
mod parse;
mod scalar;

pub(crate) use emit::to_document;
pub(crate) use parse::parse_documents;
