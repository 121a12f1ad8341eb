//! Integration tests of mica-layout.
