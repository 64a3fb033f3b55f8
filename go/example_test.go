package gutenberg_test

import (
	"encoding/json"
	"errors"
	"fmt"

	gutenberg "github.com/gutenberg-post-parser/gutenberg-post-parser/go"
)

func ExampleParse() {
	post := `<!-- wp:image {"id":42} /--><!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->`
	blocks, err := gutenberg.Parse(post)
	if err != nil {
		panic(err)
	}
	fmt.Println(*blocks[0].BlockName, blocks[0].Attrs["id"])
	fmt.Println(*blocks[1].BlockName, blocks[1].InnerHTML)
	text, _ := json.Marshal(blocks)
	fmt.Println(string(text))
	// Output:
	// core/image 42
	// core/paragraph <p>Hi</p>
	// [{"blockName":"core/image","attrs":{"id":42},"innerBlocks":[],"innerHTML":"","innerContent":[]},{"blockName":"core/paragraph","attrs":{},"innerBlocks":[],"innerHTML":"\u003cp\u003eHi\u003c/p\u003e","innerContent":["\u003cp\u003eHi\u003c/p\u003e"]}]
}

func ExampleParse_offsets() {
	post := "Intro\n<!-- wp:quote --><blockquote>Q</blockquote><!-- /wp:quote -->"
	blocks, _ := gutenberg.Parse(post)
	for _, block := range blocks {
		fmt.Printf("%d..%d %q\n", block.Start, block.End, post[block.Start:block.End])
	}
	// Output:
	// 0..6 "Intro\n"
	// 6..67 "<!-- wp:quote --><blockquote>Q</blockquote><!-- /wp:quote -->"
}

func ExampleParse_invalidUTF8() {
	_, err := gutenberg.Parse("ok\xff")
	var utf8Error *gutenberg.UTF8Error
	if errors.As(err, &utf8Error) {
		fmt.Println("bad byte at", utf8Error.Offset)
	}
	// Output: bad byte at 2
}

func ExampleWalk() {
	post := `<!-- wp:columns --><!-- wp:column --><!-- wp:paragraph /--><!-- /wp:column --><!-- /wp:columns -->`
	blocks, _ := gutenberg.Parse(post)
	gutenberg.Walk(blocks, func(block *gutenberg.Block, depth int) bool {
		fmt.Printf("%*s%s\n", 2*depth, "", *block.BlockName)
		return true // false would skip this block's inner blocks
	})
	// Output:
	// core/columns
	//   core/column
	//     core/paragraph
}

func ExampleAll() {
	post := `<!-- wp:group --><!-- wp:image {"id":1} /--><!-- wp:image {"id":2} /--><!-- /wp:group -->`
	blocks, _ := gutenberg.Parse(post)
	for depth, block := range gutenberg.All(blocks) {
		if *block.BlockName == "core/image" {
			fmt.Println("image", block.Attrs["id"], "at depth", depth)
		}
	}
	// Output:
	// image 1 at depth 1
	// image 2 at depth 1
}
