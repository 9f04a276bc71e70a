//! The `notification.toolkit.fluxcd.io` API group: incoming webhooks
//! ([`v1::Receiver`]) and outgoing alerts ([`v1beta3::Alert`] sent through a
//! [`v1beta3::Provider`]).

pub mod v1;
pub mod v1beta3;
