module github.com/gutenberg-post-parser/gutenberg-post-parser/go

go 1.24
