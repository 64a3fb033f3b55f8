//! The stack of containers that a decoder or [`super::write_value`] has
//! opened and not yet closed.

/// A stack whose top entry lives inline: attributes are mostly one flat
/// object, and reading or writing one then allocates nothing for the stack.
/// Deeper containers go to a `Vec` below the top.
pub(super) struct OpenStack<T> {
    top: Option<T>,
    below: Vec<T>,
}

impl<T> OpenStack<T> {
    pub(super) fn new() -> Self {
        OpenStack {
            top: None,
            below: Vec::new(),
        }
    }

    /// How many containers are open.
    pub(super) fn len(&self) -> usize {
        self.below.len() + usize::from(self.top.is_some())
    }

    pub(super) fn push(&mut self, open: T) {
        if let Some(outer) = self.top.replace(open) {
            self.below.push(outer);
        }
    }

    pub(super) fn pop(&mut self) -> Option<T> {
        let top = self.top.take();
        self.top = self.below.pop();
        top
    }

    /// The innermost open container.
    pub(super) fn last_mut(&mut self) -> Option<&mut T> {
        self.top.as_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::OpenStack;

    #[test]
    fn pops_in_reverse_order_of_pushes() {
        let mut stack = OpenStack::new();
        for item in 0..5 {
            stack.push(item);
        }
        assert_eq!(stack.len(), 5);
        *stack.last_mut().unwrap() += 10;
        let popped: Vec<_> = std::iter::from_fn(|| stack.pop()).collect();
        assert_eq!(popped, [14, 3, 2, 1, 0]);
        assert_eq!(stack.len(), 0);
        assert!(stack.last_mut().is_none());
    }
}
