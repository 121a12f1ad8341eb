//! Integration tests of mica-update: gray rules, updates against a loopback HTTP server,
//! launches and rollbacks, and processes killed at each install step.

mod crash;
mod gray;
mod launch;
mod periodic;
mod support;
mod updates;
