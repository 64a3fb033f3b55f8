package gutenberg

import "iter"

// Walk calls fn for every block of blocks and of their inner blocks,
// depth-first in document order, with its depth (0 for blocks of the given
// slice). When fn returns false, the inner blocks of that block are skipped.
// Walk uses an explicit stack: any nesting depth works.
func Walk(blocks []Block, fn func(block *Block, depth int) bool) {
	w := walker{stack: []level{{blocks: blocks}}}
	for block, depth, ok := w.next(); ok; block, depth, ok = w.next() {
		if fn(block, depth) {
			w.enter(block)
		}
	}
}

// All iterates over every block in Walk's order, yielding each block's depth
// and the block:
//
//	for depth, block := range gutenberg.All(blocks) { … }
func All(blocks []Block) iter.Seq2[int, *Block] {
	return func(yield func(int, *Block) bool) {
		w := walker{stack: []level{{blocks: blocks}}}
		for block, depth, ok := w.next(); ok; block, depth, ok = w.next() {
			if !yield(depth, block) {
				return
			}
			w.enter(block)
		}
	}
}

// walker goes through nested blocks depth-first with an explicit stack.
type walker struct {
	stack []level
}

// level is a slice of sibling blocks and the next one to visit.
type level struct {
	blocks []Block
	next   int
}

// next returns the next block to visit and its depth; ok is false at the end.
func (w *walker) next() (block *Block, depth int, ok bool) {
	for len(w.stack) > 0 {
		top := &w.stack[len(w.stack)-1]
		if top.next == len(top.blocks) {
			w.stack = w.stack[:len(w.stack)-1]
			continue
		}
		top.next++
		return &top.blocks[top.next-1], len(w.stack) - 1, true
	}
	return nil, 0, false
}

// enter makes the inner blocks of block, the block just visited, come next.
func (w *walker) enter(block *Block) {
	if len(block.InnerBlocks) > 0 {
		w.stack = append(w.stack, level{blocks: block.InnerBlocks})
	}
}
