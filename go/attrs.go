package gutenberg

// #include "gutenberg_post_parser.h"
import "C"

import "math"

// valueDecoder turns the library's pre-ordered value records into Go values.
type valueDecoder struct {
	values []C.gpp_value
	text   string // a Go copy of the decoded keys and strings
}

// container is an array or object whose items are still being filled.
type container struct {
	object map[string]any
	array  []any
	next   int // next array index
	left   int // items still to come
}

// object decodes the attribute object whose record is at root, with an
// explicit stack: any nesting depth works.
func (d *valueDecoder) object(root int) map[string]any {
	end := root + 1 + int(d.values[root].descendant_count)
	var result any
	var open []container
	for i := root; i < end; i++ {
		record := &d.values[i]
		value, child := d.value(record)
		if len(open) == 0 {
			result = value
		} else {
			parent := &open[len(open)-1]
			if parent.object != nil {
				parent.object[d.slice(record.key)] = value
			} else {
				parent.array[parent.next] = value
				parent.next++
			}
			parent.left--
		}
		if child.left > 0 {
			open = append(open, child)
			continue
		}
		for len(open) > 0 && open[len(open)-1].left == 0 {
			open = open[:len(open)-1]
		}
	}
	object, _ := result.(map[string]any)
	return object
}

// value is the Go value of one record, and for a container the container
// to fill with the records that follow.
func (d *valueDecoder) value(record *C.gpp_value) (any, container) {
	switch record.kind {
	case C.GPP_VALUE_FALSE:
		return false, container{}
	case C.GPP_VALUE_TRUE:
		return true, container{}
	case C.GPP_VALUE_NUMBER:
		number := float64(record.number)
		if math.IsInf(number, 0) {
			return nil, container{} // JSON.stringify prints Infinity as null
		}
		return number, container{}
	case C.GPP_VALUE_STRING:
		return d.slice(record.string), container{}
	case C.GPP_VALUE_ARRAY:
		array := make([]any, int(record.count))
		return array, container{array: array, left: len(array)}
	case C.GPP_VALUE_OBJECT:
		object := make(map[string]any, int(record.count))
		return object, container{object: object, left: int(record.count)}
	}
	return nil, container{}
}

func (d *valueDecoder) slice(span C.gpp_span) string {
	return d.text[span.start : span.start+span.len]
}
