//! The one error type of this crate.

/// Why a strategic merge patch could not be applied. Every variant names the
/// field path (dotted, with `[i]` list indexes) where the problem sits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A document that must be a JSON object is something else.
    #[error("the {what} at {path} must be a JSON object, found {found}")]
    NotAnObject {
        /// Which document: "original" or "patch".
        what: &'static str,
        /// Field path of the value.
        path: String,
        /// JSON type found instead.
        found: &'static str,
    },
    /// A `$patch` directive with a value other than replace, delete or merge.
    #[error("unknown $patch directive {value:?} at {path}: expected replace, delete or merge")]
    UnknownDirective {
        /// Field path of the map holding the directive.
        path: String,
        /// The directive's value.
        value: String,
    },
    /// A directive whose value or placement is malformed.
    #[error("malformed {directive} directive at {path}: {reason}")]
    MalformedDirective {
        /// The directive, e.g. `$retainKeys`.
        directive: String,
        /// Field path of the map holding the directive.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A list item lacks the merge key its list is merged by.
    #[error("list item at {path} has no merge key {key:?}")]
    MissingMergeKey {
        /// Field path of the item.
        path: String,
        /// The merge key of the list.
        key: String,
    },
    /// A list merged by strategy holds items that cannot be merged.
    #[error("cannot merge the list at {path}: {reason}")]
    UnmergeableList {
        /// Field path of the list.
        path: String,
        /// Why it cannot be merged.
        reason: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
