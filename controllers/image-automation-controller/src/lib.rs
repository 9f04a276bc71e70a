//! image-automation-controller (being built): the `Setters` update strategy.

mod setters;
mod template;

pub use setters::{
    Change, ObjectChanges, ObjectIdentifier, PolicyImages, SetterError, UpdateResult, update_text,
    update_tree,
};
pub use template::{Template, TemplateError, Value, template_data};
