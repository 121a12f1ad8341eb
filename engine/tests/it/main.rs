//! Integration tests of mica-engine.
