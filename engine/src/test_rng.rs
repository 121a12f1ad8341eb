//! A tiny deterministic random generator for the engine's randomised unit tests, so they
//! need no extra crates and every run sees the same sequence.

/// A linear congruential generator (Knuth's MMIX constants).
#[derive(Debug)]
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    /// The next value, 31 bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
