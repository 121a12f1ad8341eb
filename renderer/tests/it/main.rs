//! Integration tests of mica-renderer.
