//! The result of an apply or delete: one entry per object.

use std::fmt;

use crate::object_ref::{ObjectRef, ObjectSet};

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The object did not exist and was created (or was recreated).
    Created,
    /// The object existed and was changed.
    Configured,
    /// The object already matched; nothing was written.
    Unchanged,
    /// The object was deleted.
    Deleted,
    /// The object was left alone (an annotation, label or owner said so).
    Skipped,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Created => "created",
            Action::Configured => "configured",
            Action::Unchanged => "unchanged",
            Action::Deleted => "deleted",
            Action::Skipped => "skipped",
        })
    }
}

/// One object's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSetEntry {
    /// The object.
    pub object_ref: ObjectRef,
    /// What happened to it.
    pub action: Action,
}

impl fmt::Display for ChangeSetEntry {
    /// Flux's line: `Deployment/default/web configured`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.object_ref.subject(), self.action)
    }
}

/// The outcome of an apply or delete, in the order the objects were handled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// One entry per object.
    pub entries: Vec<ChangeSetEntry>,
}

impl ChangeSet {
    /// Adds an entry.
    pub fn push(&mut self, object_ref: ObjectRef, action: Action) {
        self.entries.push(ChangeSetEntry { object_ref, action });
    }

    /// Appends the entries of `other`.
    pub fn extend(&mut self, other: ChangeSet) {
        self.entries.extend(other.entries);
    }

    /// The entries with `action`.
    pub fn with_action(&self, action: Action) -> impl Iterator<Item = &ChangeSetEntry> {
        self.entries.iter().filter(move |e| e.action == action)
    }

    /// The objects of the change set as an [`ObjectSet`] (the new inventory
    /// after an apply).
    pub fn to_object_set(&self) -> ObjectSet {
        self.entries.iter().map(|e| e.object_ref.clone()).collect()
    }

    /// Whether any object was created, configured or deleted.
    pub fn has_changes(&self) -> bool {
        self.entries.iter().any(|e| {
            matches!(
                e.action,
                Action::Created | Action::Configured | Action::Deleted
            )
        })
    }
}

impl fmt::Display for ChangeSet {
    /// One line per object, as Flux logs and events show them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_like_flux() {
        let mut cs = ChangeSet::default();
        cs.push(
            ObjectRef::new("apps", "v1", "Deployment", "default", "web"),
            Action::Configured,
        );
        cs.push(
            ObjectRef::new("", "v1", "Namespace", "", "a"),
            Action::Unchanged,
        );
        assert_eq!(
            cs.to_string(),
            "Deployment/default/web configured\nNamespace/a unchanged"
        );
        assert!(cs.has_changes());
        assert_eq!(cs.with_action(Action::Unchanged).count(), 1);
        assert_eq!(cs.to_object_set().len(), 2);
    }
}
