//! A small seeded generator for the unit tests' generated inputs.

/// A linear congruential generator: the same numbers for the same seed.
pub(crate) struct Rng(pub u64);

impl Rng {
    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }
}
