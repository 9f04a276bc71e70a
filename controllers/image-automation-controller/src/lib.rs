//! image-automation-controller (being built): the `Setters` update strategy.

mod setters;

pub use setters::{
    Change, ObjectChanges, ObjectIdentifier, PolicyImages, SetterError, UpdateResult, update_text,
    update_tree,
};
