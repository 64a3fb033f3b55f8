package gutenberg

// #include "gutenberg_post_parser.h"
import "C"

import "unsafe"

// blocks builds the document's blocks from the records in one pass, without
// recursion. All blocks live in one array in which each block's inner blocks
// are contiguous; strings are slices of input.
func (r records) blocks(input string) []Block {
	document := r.document
	nodes := cSlice(document.nodes, document.node_count)
	contents := cSlice(document.contents, document.content_count)
	texts := make([]string, len(contents)+len(nodes))
	b := builder{
		input:    input,
		contents: contents,
		html:     texts[:len(contents):len(contents)],
		names:    texts[len(contents):],
		pieces:   make([]*string, len(contents)),
		values: valueDecoder{
			values: cSlice(document.values, document.value_count),
			text:   string(cSlice((*byte)(unsafe.Pointer(document.text)), document.text_len)),
		},
	}
	all := make([]Block, len(nodes))
	roots := int(document.root_count)
	// Each open frame is a run of sibling slots still to fill; the top-level
	// blocks take the first slots, inner blocks the next free ones.
	var frames [32]siblings // enough for most documents without a heap stack
	open := append(frames[:0], siblings{next: 0, left: roots})
	free := roots
	for i := range nodes {
		node := &nodes[i]
		frame := &open[len(open)-1]
		block := &all[frame.next]
		frame.next++
		frame.left--
		b.fill(block, node, i)
		children := int(node.child_count)
		block.InnerBlocks = all[free : free+children : free+children]
		if children > 0 {
			open = append(open, siblings{next: free, left: children})
			free += children
			continue
		}
		for len(open) > 0 && open[len(open)-1].left == 0 {
			open = open[:len(open)-1]
		}
	}
	return all[:roots:roots]
}

// siblings is a run of slots for the inner blocks of one parent.
type siblings struct {
	next int // next slot to fill
	left int // slots left to fill
}

// builder holds what filling one block needs, and the arrays its strings and
// content pointers live in.
type builder struct {
	input    string
	contents []C.gpp_content
	html     []string  // the HTML run of each content entry
	pieces   []*string // every block's InnerContent, back to back
	names    []string  // each block's name, so that each has its own pointer
	values   valueDecoder
	core     coreNames
}

// fill sets every field of block but InnerBlocks from record i.
func (b *builder) fill(block *Block, node *C.gpp_node, i int) {
	block.Start = int(node.span.start)
	block.End = int(node.span.start + node.span.len)
	flags := node.flags
	if flags&C.GPP_NODE_FREEFORM == 0 {
		name := b.slice(node.name)
		if flags&C.GPP_NODE_IMPLICIT_CORE != 0 {
			name = b.core.fullName(name)
		}
		b.names[i] = name
		block.BlockName = &b.names[i]
	}
	switch {
	case flags&C.GPP_NODE_HAS_ATTRS == 0:
		block.Attrs = map[string]any{}
	case flags&C.GPP_NODE_ATTRS_INVALID == 0:
		block.Attrs = b.values.object(int(node.attrs_value))
	}

	start := int(node.content_start)
	end := start + int(node.content_count)
	htmlRuns, htmlLen := 0, 0
	for k := start; k < end; k++ {
		entry := &b.contents[k]
		if entry.node != C.GPP_NONE {
			continue
		}
		b.html[k] = b.slice(entry.span)
		b.pieces[k] = &b.html[k]
		htmlRuns++
		htmlLen += len(b.html[k])
		block.InnerHTML = b.html[k]
	}
	block.InnerContent = b.pieces[start:end:end]
	if htmlRuns > 1 {
		joined := make([]byte, 0, htmlLen)
		for _, piece := range block.InnerContent {
			if piece != nil {
				joined = append(joined, *piece...)
			}
		}
		block.InnerHTML = unsafe.String(unsafe.SliceData(joined), len(joined))
	}
}

// slice is the part of the input a span covers.
func (b *builder) slice(span C.gpp_span) string {
	return b.input[span.start : span.start+span.len]
}

// coreNames makes "core/" + name for names written without a namespace,
// once for each of the first few distinct names of a document.
type coreNames struct {
	written  [16]string
	prefixed [16]string
	count    int
}

func (c *coreNames) fullName(name string) string {
	for i := range c.count {
		if c.written[i] == name {
			return c.prefixed[i]
		}
	}
	full := "core/" + name
	if c.count < len(c.written) {
		c.written[c.count], c.prefixed[c.count] = name, full
		c.count++
	}
	return full
}

// cSlice views count elements of C memory at first as a Go slice (nil when empty).
func cSlice[T any](first *T, count C.size_t) []T {
	if count == 0 {
		return nil
	}
	return unsafe.Slice(first, int(count))
}
