//! The style system: stylesheet parsing, selector matching and the cascade.
pub mod computed;
