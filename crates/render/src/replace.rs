//! `replacements`.

use crate::build::{Builder, Loaded};
use crate::error::{Error, Result};
use crate::resource::ResMap;

/// Applies `replacements` (not implemented yet: reported as an error rather
/// than silently ignored).
pub(crate) fn replacements(_b: &Builder, l: &Loaded, _ra: &mut ResMap) -> Result<()> {
    if l.k.replacements.as_ref().is_some_and(|r| !r.is_empty()) {
        return Err(Error::Kustomization {
            file: l.file.clone(),
            message: "field \"replacements\" is not supported by ballast render yet".into(),
        });
    }
    Ok(())
}
