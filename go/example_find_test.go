package gutenberg_test

import (
	"fmt"

	gutenberg "github.com/gutenberg-post-parser/gutenberg-post-parser/go"
)

// The README's Go example of finding and editing.
func ExampleDocument_Find() {
	doc, _ := gutenberg.NewDocument(`<!-- wp:image {"id":42,"url":"http://old.example/a.jpg"} /-->`)
	defer doc.Close()
	for image, err := range doc.Find(gutenberg.Query{Name: "core/image", Attrs: map[string]any{"id": 42}}) {
		if err != nil {
			panic(err)
		}
		editor := doc.Edit()
		attrs, _ := image.Attrs()
		attrs["url"] = "https://new.example/a.jpg"
		if err := editor.SetAttrs(image, attrs); err != nil {
			panic(err) // *gutenberg.EditError names the edits in the way
		}
		text, _ := editor.Text()
		fmt.Println(text) // <!-- wp:image {"id":42,"url":"https://new.example/a.jpg"} /-->
	}
	// Output:
	// <!-- wp:image {"id":42,"url":"https://new.example/a.jpg"} /-->
}
