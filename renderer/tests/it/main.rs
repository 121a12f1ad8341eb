//! Integration tests of mica-renderer: hand-built documents painted into small pixmaps,
//! checked pixel by pixel.

mod boxes;
mod compare;
mod damage;
mod decor;
mod generated;
mod images;
mod incremental;
mod support;
mod text;
