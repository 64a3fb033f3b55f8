module github.com/gutenberg-post-parser/gutenberg-post-parser/bench/drivers/go

go 1.24

require github.com/gutenberg-post-parser/gutenberg-post-parser/go v0.0.0

replace github.com/gutenberg-post-parser/gutenberg-post-parser/go => ../../../go
